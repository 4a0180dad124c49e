import Foundation

/// A real xinfangd (the release build from XINFANG_BIN_DIR) on a scratch data directory.
final class BenchDaemon: @unchecked Sendable {
    let process: Process
    let token: String
    let port: Int
    let dataDirectory: URL
    /// The Prometheus endpoint, when served.
    let metricsURL: String?

    private init(process: Process, token: String, port: Int, dataDirectory: URL, metricsURL: String?) {
        self.process = process
        self.token = token
        self.port = port
        self.dataDirectory = dataDirectory
        self.metricsURL = metricsURL
    }

    static var binary: String {
        let folder = ProcessInfo.processInfo.environment["XINFANG_BIN_DIR"]
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        return URL(fileURLWithPath: folder).appendingPathComponent("xinfangd").path
    }

    /// Starts a daemon on a new data directory in `scratch`.
    static func start(scratch: String) throws -> BenchDaemon {
        let data = URL(fileURLWithPath: scratch).appendingPathComponent("daemon-\(UUID().uuidString)")
        return try serve(data, token: try initialise(data), metrics: false)
    }

    /// `xinfangd init`: makes a data directory and returns its admin token.
    static func initialise(_ data: URL) throws -> String {
        let initProcess = Process()
        initProcess.executableURL = URL(fileURLWithPath: binary)
        initProcess.arguments = ["init", "--data", data.path]
        let initOut = Pipe()
        initProcess.standardOutput = initOut
        try initProcess.run()
        let initText = String(decoding: initOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        initProcess.waitUntilExit()
        guard initProcess.terminationStatus == 0, let token = initText.split(separator: "\n").last.map(String.init) else {
            throw BenchError("init printed no token")
        }
        return token
    }

    /// `xinfangd serve` on an existing data directory; returns once it listens (and, with
    /// `metrics`, once it printed its metrics address).
    static func serve(_ data: URL, token: String, metrics: Bool) throws -> BenchDaemon {
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: binary)
        serve.arguments = [
            "serve", "--data", data.path, "--listen", "127.0.0.1:0", "--metrics-listen", metrics ? "127.0.0.1:0" : "off",
            "--log-level", "warning",
        ]
        let out = Pipe()
        serve.standardOutput = out
        try serve.run()
        var text = ""
        while !text.contains("\n") || !text.contains("listening on") || (metrics && !text.contains("/metrics\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchError("xinfangd exited before listening") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "listening on "), let line = text[range.upperBound...].split(separator: "\n").first,
            let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else { throw BenchError("cannot read the port from: \(text)") }
        var metricsURL: String?
        if let range = text.range(of: "metrics on "), let end = text[range.upperBound...].firstIndex(of: "\n") {
            metricsURL = String(text[range.upperBound..<end])
        }
        return BenchDaemon(process: serve, token: token, port: port, dataDirectory: data, metricsURL: metricsURL)
    }

    /// Resident memory of the daemon, from /proc.
    var residentMegabytes: Double { status("VmRSS") / 1_048_576 }

    /// A /proc/PID/status figure (VmRSS, VmHWM, ...) in bytes; 0 when unreadable.
    func status(_ field: String) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kilobytes * 1024
    }

    /// One gauge from the metrics endpoint (fetched with curl); nil when absent.
    /// Waits until the search index and duplicate detection have caught up with the log (both
    /// lag gauges at 0); throws when a gauge cannot be read or `limit` passes first.
    func waitForIndexes(poll: Duration = .milliseconds(100), limit: Duration = .seconds(1_800)) async throws {
        let deadline = ContinuousClock.now + limit
        while true {
            let lags = try ["xinfang_search_index_lag_events", "xinfang_duplicate_detection_lag_events"].map { name in
                guard let value = try metric(name) else { throw BenchError("the daemon's metrics have no \(name)") }
                return value
            }
            if lags.allSatisfy({ $0 == 0 }) { return }
            guard ContinuousClock.now < deadline else { throw BenchError("the indexes did not catch up within \(limit): lags \(lags)") }
            try await Task.sleep(for: poll)
        }
    }

    func metric(_ name: String) throws -> Double? {
        guard let metricsURL else { return nil }
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sf", metricsURL]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let body = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        let line = body.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }
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
