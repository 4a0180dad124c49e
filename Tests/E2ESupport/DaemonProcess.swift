public import Foundation

/// A real `xinfangd` on a temporary data directory and a free port.
public final class DaemonProcess: @unchecked Sendable {
    public let dataDirectory: URL
    public private(set) var token = ""
    public private(set) var address = ""
    private var process: Process?

    /// Arguments added to `serve` (e.g. `--plugins DIR`).
    public var serveArguments: [String] = []
    /// Where the daemon's log goes (at level info); nil: discarded (level warning).
    public var logFile: URL?

    public init() throws {
        dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("xinfang-e2e-\(UUID().uuidString)").appendingPathComponent("data")
        let result = try runProgram(Binaries.path("xinfangd"), ["init", "--data", dataDirectory.path])
        guard result.status == 0, let last = result.stdout.split(separator: "\n").last else {
            throw E2EError("xinfangd init failed: \(result.stderr)")
        }
        token = String(last)
    }

    /// Starts serving and waits for the "listening on" line.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.path("xinfangd"))
        process.arguments = [
            "serve", "--data", dataDirectory.path, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--log-level", logFile == nil ? "warning" : "info",
        ] + serveArguments
        let out = Pipe()
        process.standardOutput = out
        if let logFile {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: logFile)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        self.process = process
        var buffer = Data()
        let descriptor = out.fileHandleForReading.fileDescriptor
        while true {
            let chunk = readSome(descriptor)
            guard !chunk.isEmpty else { throw E2EError("xinfangd exited before listening") }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "xinfangd listening on "), let end = text[range.upperBound...].firstIndex(of: "\n") {
                address = String(text[range.upperBound..<end])
                return
            }
        }
    }

    /// Sends a signal and waits for the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        guard let process, process.isRunning else { return process?.terminationStatus ?? 0 }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: dataDirectory.deletingLastPathComponent())
    }
}

public struct E2EError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One read(2) from a descriptor, retried on EINTR (child exits interrupt reads here);
/// empty at end of file. FileHandle.availableData traps on EINTR.
public func readSome(_ descriptor: Int32) -> Data {
    var bytes = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(descriptor, &bytes, bytes.count)
        if count >= 0 { return Data(bytes[0..<count]) }
        if errno != EINTR { return Data() }
    }
}
