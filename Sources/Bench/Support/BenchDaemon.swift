import Foundation

/// A real xinfangd (the release build from XINFANG_BIN_DIR) on a scratch data directory.
final class BenchDaemon: @unchecked Sendable {
    let process: Process
    let token: String
    let port: Int
    let dataDirectory: URL

    private init(process: Process, token: String, port: Int, dataDirectory: URL) {
        self.process = process
        self.token = token
        self.port = port
        self.dataDirectory = dataDirectory
    }

    static var binary: String {
        let folder = ProcessInfo.processInfo.environment["XINFANG_BIN_DIR"]
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        return URL(fileURLWithPath: folder).appendingPathComponent("xinfangd").path
    }

    static func start(scratch: String) throws -> BenchDaemon {
        let data = URL(fileURLWithPath: scratch).appendingPathComponent("daemon-\(UUID().uuidString)")
        let initProcess = Process()
        initProcess.executableURL = URL(fileURLWithPath: binary)
        initProcess.arguments = ["init", "--data", data.path]
        let initOut = Pipe()
        initProcess.standardOutput = initOut
        try initProcess.run()
        let initText = String(decoding: initOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        initProcess.waitUntilExit()
        guard let token = initText.split(separator: "\n").last.map(String.init) else { throw BenchError("init printed no token") }

        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: binary)
        serve.arguments = ["serve", "--data", data.path, "--listen", "127.0.0.1:0", "--metrics-listen", "off", "--log-level", "warning"]
        let out = Pipe()
        serve.standardOutput = out
        try serve.run()
        var text = ""
        while !text.contains("\n") || !text.contains("listening on") {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchError("xinfangd exited before listening") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "listening on "), let line = text[range.upperBound...].split(separator: "\n").first,
            let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else { throw BenchError("cannot read the port from: \(text)") }
        return BenchDaemon(process: serve, token: token, port: port, dataDirectory: data)
    }

    /// Resident memory of the daemon, from /proc.
    var residentMegabytes: Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kilobytes / 1024
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
