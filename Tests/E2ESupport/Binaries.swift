public import Foundation

/// Where the built binaries are: XINFANG_BIN_DIR, or beside the test bundle (.build/debug).
public enum Binaries {
    public static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["XINFANG_BIN_DIR"] {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("xinfangd").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
    }

    public static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Runs a program to completion and returns its exit status and output.
public struct Finished {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

public func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Finished {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
    let errData = ReadAll(err.fileHandleForReading)
    let outData = readToEnd(out.fileHandleForReading.fileDescriptor)
    process.waitUntilExit()
    return Finished(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData.wait(), as: UTF8.self))
}

/// Reads a handle to its end on another thread.
public final class ReadAll: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = readToEnd(handle.fileDescriptor)
            done.signal()
        }
    }

    public func wait() -> Data {
        done.wait()
        return data
    }
}

/// Reads a descriptor to its end, retrying on EINTR.
public func readToEnd(_ descriptor: Int32) -> Data {
    var data = Data()
    while true {
        let chunk = readSome(descriptor)
        if chunk.isEmpty { return data }
        data.append(chunk)
    }
}
