import Foundation
import PluginKit
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a process ended.
enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid` status (the `WIFEXITED` family are macros Swift cannot call).
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let signal): return "was killed by signal \(signal) (\(Self.signalName(signal)))"
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: return "SIGKILL"
        case SIGTERM: return "SIGTERM"
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGBUS: return "SIGBUS"
        case SIGILL: return "SIGILL"
        case SIGTRAP: return "SIGTRAP"
        case SIGFPE: return "SIGFPE"
        case SIGPIPE: return "SIGPIPE"
        case SIGINT: return "SIGINT"
        default: return "signal \(signal)"
        }
    }
}

/// A plugin process: started with `posix_spawn` in a process group of its own, with pipes on
/// its stdin, stdout and stderr. Its stdin is written and its stdout read by threads of their
/// own (``DescriptorWriter``, ``DescriptorReader``), its stderr is read line by line on a
/// third, and a fourth waits for its exit: nothing here blocks the cooperative pool.
final class ChildProcess: Sendable {
    let pid: pid_t
    /// Frames to the plugin.
    let input: DescriptorWriter
    /// Bytes from the plugin.
    let output: DescriptorReader
    private let exit = Latch<ExitStatus>()
    private let lastStderr = LockedBox<String?>(nil)

    /// Starts `spec`; `onStderrLine` is called on a background thread for every line.
    init(_ spec: LaunchSpec, maxQueuedInput: Int, maxLineBytes: Int, onStderrLine: @escaping @Sendable (String) -> Void) throws(SpawnError) {
        let stdinPipe = try Self.makePipe()
        let stdoutPipe: (read: Int32, write: Int32)
        let stderrPipe: (read: Int32, write: Int32)
        do {
            stdoutPipe = try Self.makePipe()
            stderrPipe = try Self.makePipe()
        } catch {
            Self.closeAll([stdinPipe.read, stdinPipe.write])
            throw error
        }
        let childEnds = [stdinPipe.read, stdoutPipe.write, stderrPipe.write]
        let parentEnds = [stdinPipe.write, stdoutPipe.read, stderrPipe.read]
        let spawned = Self.spawn(spec, stdin: stdinPipe.read, stdout: stdoutPipe.write, stderr: stderrPipe.write)
        // The child has its copies (or never started): the parent's copies of the child's ends
        // must go, or the parent would never read end of file.
        Self.closeAll(childEnds)
        let pid: pid_t
        switch spawned {
        case .success(let spawnedPID):
            pid = spawnedPID
        case .failure(let error):
            Self.closeAll(parentEnds)
            throw error
        }
        self.pid = pid
        input = DescriptorWriter(descriptor: stdinPipe.write, label: "plugin-\(spec.name)-in", maxQueuedBytes: maxQueuedInput)
        output = DescriptorReader(descriptor: stdoutPipe.read, label: "plugin-\(spec.name)-out")
        let lastStderr = self.lastStderr
        let stderrThread = Thread {
            StderrLines.read(stderrPipe.read, maxLineBytes: maxLineBytes) { line in
                lastStderr.withLock { $0 = String(line.prefix(300)) }
                onStderrLine(line)
            }
        }
        stderrThread.name = "plugin-\(spec.name)-err"
        stderrThread.start()
        let exit = self.exit
        let waiter = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else {
                    exit.set(.exited(-1))
                    return
                }
            }
            exit.set(ExitStatus(waitStatus: status))
        }
        waiter.name = "plugin-\(spec.name)-wait"
        waiter.start()
    }

    /// The exit status, once the process has ended.
    var exitStatus: ExitStatus? { exit.current }

    /// The last line the plugin wrote to stderr (cut to 300 characters).
    var lastStderrLine: String? { lastStderr.value }

    /// Waits for the process to end; nil if the task is cancelled first.
    func waitForExit() async -> ExitStatus? { await exit.value() }

    /// Sends `signal` to the plugin's process group (its own children too).
    func signal(_ signal: Int32) {
        if kill(-pid, signal) != 0 { kill(pid, signal) }
    }

    /// Stops the process: `SIGTERM` now unless `politely` (the caller has already asked it to
    /// exit), `SIGKILL` after `grace`. Returns when it has ended; not cancellable, so a
    /// shutdown that cancelled its caller still reaps the plugin.
    func terminate(grace: Duration, politely: Bool) async -> ExitStatus {
        if let status = exit.current {
            signal(SIGKILL)  // whatever it left behind in its group
            return status
        }
        if !politely { signal(SIGTERM) }
        let exit = self.exit
        let pid = self.pid
        let (seconds, attoseconds) = grace.components
        let delay = Double(seconds) + Double(attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) {
            if exit.current == nil, kill(-pid, SIGKILL) != 0 { kill(pid, SIGKILL) }
        }
        let status = await exit.valueIgnoringCancellation()
        signal(SIGKILL)
        return status
    }

    // MARK: - Spawning

    private static func makePipe() throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard GNUFunctions.pipe2(&fds, O_CLOEXEC) == 0 else {
            throw SpawnError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        return (fds[0], fds[1])
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors { close(descriptor) }
    }

    private static func spawn(_ spec: LaunchSpec, stdin: Int32, stdout: Int32, stderr: Int32) -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The plugin sees only its three pipes: dup2 puts them at 0, 1, 2, and every other
        // descriptor is closed in the child. Not all of ours are close-on-exec (sockets and
        // pipes made by libraries), and an inherited one keeps, say, a client's connection
        // or the gRPC port open after the daemon closed it, so a graceful shutdown that
        // waits for connections to close would wait for the plugin.
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        GNUFunctions.closeInherited(&actions)
        if let directory = spec.workingDirectory {
            guard let addchdir = GNUFunctions.addchdir else {
                return .failure(SpawnError("this C library cannot set a plugin's working directory"))
            }
            _ = addchdir(&actions, directory)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own (so it and its children can be stopped together), the
        // default action for the signals the daemon ignores or handles (SIGPIPE is ignored
        // here and an ignored signal stays ignored across exec), and no blocked signals.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = [spec.executable] + spec.arguments
        let envp = spec.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStrings(argv) { argvPointers in
            withCStrings(envp) { envpPointers in
                posix_spawn(&pid, spec.executable, &actions, &attributes, argvPointers, envpPointers)
            }
        }
        guard result == 0 else {
            return .failure(SpawnError("cannot start `\(spec.executable)`: \(String(cString: strerror(result)))"))
        }
        return .success(pid)
    }
}

/// A NULL-terminated array of C strings, alive during `body`.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// A plugin process could not be started.
struct SpawnError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Splits a descriptor's bytes into lines (cut at `maxLineBytes`), until end of file.
enum StderrLines {
    static func read(_ descriptor: Int32, maxLineBytes: Int, line: (String) -> Void) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var dropping = false
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, 4096) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            for byte in buffer[0..<count] {
                if byte == UInt8(ascii: "\n") {
                    if !pending.isEmpty || !dropping { line(Self.text(pending)) }
                    pending.removeAll(keepingCapacity: true)
                    dropping = false
                } else if pending.count < maxLineBytes {
                    pending.append(byte)
                } else if !dropping {
                    // A line over the limit is logged cut, once.
                    line(Self.text(pending) + " …")
                    pending.removeAll(keepingCapacity: true)
                    dropping = true
                }
            }
        }
        if !pending.isEmpty { line(Self.text(pending)) }
        close(descriptor)
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
    }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// glibc functions Swift's Glibc module does not declare (they need `_GNU_SOURCE`), looked
/// up once by name.
private enum GNUFunctions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    static let pipe2Function: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    static let addchdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    static let addclosefrom: AddClosefrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddClosefrom.self) }

    /// Adds actions closing every descriptor from 3 up in the child: `closefrom` (glibc 2.34+),
    /// else one close per descriptor open now (from /proc/self/fd).
    static func closeInherited(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>) {
        if let addclosefrom, addclosefrom(actions, 3) == 0 { return }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(actions, descriptor)
        }
    }

    /// `pipe2(2)`: both ends created close-on-exec at once, so no other thread's spawn can
    /// inherit them in between.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        if let pipe2Function { return pipe2Function(fds, flags) }
        guard pipe(fds) == 0 else { return -1 }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return 0
    }
}
