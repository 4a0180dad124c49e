import E2ESupport
import Foundation

/// The Platform12345 counterpart's callback receiver as a real process, which a test can
/// kill and start again on the same port with the same record file.
final class PlatformProcess: @unchecked Sendable {
    let folder: URL
    let secret: String
    private var process: Process?
    private(set) var port = 0

    var recordFile: URL { folder.appendingPathComponent("callbacks.jsonl") }
    var callbackURL: String { "http://127.0.0.1:\(port)/callbacks" }

    init(folder: URL, secret: String) throws {
        self.folder = folder
        self.secret = secret
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Starts serving: on a free port the first time, on the same port afterwards.
    func start() async throws {
        let addressFile = folder.appendingPathComponent("address")
        try? FileManager.default.removeItem(at: addressFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.path("Platform12345"))
        process.arguments = [
            "serve", "--listen", "127.0.0.1:\(port)", "--secret", secret, "--record", recordFile.path, "--address-file", addressFile.path,
        ]
        let log = folder.appendingPathComponent("platform.log")
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let text = try await waitFor("the platform to listen", timeout: 60) { () -> String? in
            guard process.isRunning else { return nil }
            return try? String(contentsOf: addressFile, encoding: .utf8)
        }
        port = Int(text.split(separator: ":").last ?? "") ?? 0
    }

    /// Kills the process outright (a crash, not a shutdown).
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The callbacks recorded so far, in arrival order.
    func records() -> [RecordedCallback] {
        guard let data = try? Data(contentsOf: recordFile) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let callback = object["callback"] as? [String: Any]
            else { return nil }
            return RecordedCallback(fields: callback, repeated: object["repeat"] as? Bool ?? false)
        }
    }

    deinit { kill() }
}

/// One callback line of the platform's record file.
struct RecordedCallback: @unchecked Sendable {
    let fields: [String: Any]
    let repeated: Bool

    var id: String { fields["callback_id"] as? String ?? "" }
    var orderNo: String { fields["order_no"] as? String ?? "" }
    var status: String { fields["status"] as? String ?? "" }
    var event: String { fields["event"] as? String ?? "" }
    var sequence: Int { fields["sequence"] as? Int ?? 0 }
    var canonical: String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }
}
