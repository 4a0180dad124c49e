public import Foundation

/// Serves a daemon's data directory with the serve options a test needs: again on the
/// address it had (a restarted daemon coming back), or with TLS.
public final class RestartedDaemon: @unchecked Sendable {
    private let process = Process()
    /// The address it serves on.
    public private(set) var address: String

    public init(_ daemon: DaemonProcess, listen: String? = nil, extra: [String] = []) throws {
        address = listen ?? daemon.address
        process.executableURL = URL(fileURLWithPath: Binaries.path("xinfangd"))
        process.arguments = [
            "serve", "--data", daemon.dataDirectory.path, "--listen", address, "--metrics-listen", "off", "--log-level", "warning",
        ] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        while true {
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "xinfangd listening on "), let end = text[range.upperBound...].firstIndex(of: "\n") {
                address = String(text[range.upperBound..<end])
                break
            }
            let chunk = readSome(out.fileHandleForReading.fileDescriptor)
            guard !chunk.isEmpty else { throw E2EError("xinfangd exited before listening on \(address)") }
            buffer.append(chunk)
        }
    }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
