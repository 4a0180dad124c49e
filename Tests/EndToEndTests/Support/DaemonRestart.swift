import Foundation

/// Serves a stopped daemon's data directory again on the address it had, as an operator's
/// restarted daemon would come back (for reconnection tests).
final class RestartedDaemon: @unchecked Sendable {
    private let process = Process()

    init(_ daemon: DaemonProcess) throws {
        process.executableURL = URL(fileURLWithPath: Binaries.path("xinfangd"))
        process.arguments = ["serve", "--data", daemon.dataDirectory.path, "--listen", daemon.address, "--log-level", "warning"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        while !String(decoding: buffer, as: UTF8.self).contains("xinfangd listening on ") {
            let chunk = readSome(out.fileHandleForReading.fileDescriptor)
            guard !chunk.isEmpty else { throw E2EError("xinfangd exited before listening again on \(daemon.address)") }
            buffer.append(chunk)
        }
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
