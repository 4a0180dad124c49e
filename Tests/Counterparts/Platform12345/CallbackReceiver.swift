import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The platform's callback receiver: checks each callback's signature, timestamp and nonce,
/// records it durably, and answers 200 (or 401 / 400 with a JSON error).
struct CallbackReceiver: Sendable {
    let host: String
    let port: Int
    let secret: [UInt8]
    let ledger: CallbackLedger
    let addressFile: String?

    init(listen: String, secret: [UInt8], record: URL, addressFile: String?) throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw PlatformError("--listen must be HOST:PORT")
        }
        host = String(listen[..<colon])
        self.port = port
        self.secret = secret
        ledger = try CallbackLedger(file: record)
        self.addressFile = addressFile
    }

    func run() async throws {
        let router = Router()
        router.post("/callbacks") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let headers = request.headers
            let value: (String) -> String? = { name in HTTPField.Name(name).flatMap { headers[$0] } }
            guard let timestamp = value(Signing.timestampHeader), let nonce = value(Signing.nonceHeader),
                let signature = value(Signing.signatureHeader)
            else { return Self.answer(401, "missing_signature") }
            let expected = Signing.signature(
                secret: secret, method: "POST", path: request.uri.path, timestamp: timestamp, nonce: nonce, body: body)
            guard expected == signature.lowercased() else { return Self.answer(401, "bad_signature") }
            guard let seconds = Int64(timestamp), abs(Int64(Date().timeIntervalSince1970) - seconds) <= Signing.windowSeconds else {
                return Self.answer(401, "stale_timestamp")
            }
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                let id = object["callback_id"] as? String, !id.isEmpty, object["order_no"] is String,
                object["sequence"] is Int, object["status"] is String
            else { return Self.answer(400, "invalid_callback") }
            switch try await ledger.record(id: id, nonce: nonce, callback: object) {
            case .replayedNonce: return Self.answer(401, "replayed_nonce")
            case .recorded: return Self.answer(200, "ok")
            case .repeated: return Self.answer(200, "duplicate")
            }
        }
        var logger = Logger(label: "platform12345") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let addressFile = addressFile
        let host = host
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let bound = "\(host):\(channel.localAddress?.port ?? 0)"
                if let addressFile { try? Data(bound.utf8).write(to: URL(fileURLWithPath: addressFile), options: .atomic) }
                FileHandle.standardError.write(Data("platform12345 listening on \(bound)\n".utf8))
            },
            logger: logger)
        try await app.run()
    }

    static func answer(_ status: Int, _ code: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"code":"\#(code)"}"#)))
    }
}

/// The callbacks received, one JSON line each in the record file, synced before answering.
actor CallbackLedger {
    enum Outcome { case recorded, repeated, replayedNonce }

    private var seen: Set<String> = []
    private var nonces: Set<String> = []
    private let handle: FileHandle

    init(file: URL) throws {
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let callback = object["callback"] as? [String: Any], let id = callback["callback_id"] as? String
            {
                seen.insert(id)
            }
        }
        handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
    }

    func record(id: String, nonce: String, callback: [String: Any]) throws -> Outcome {
        guard nonces.insert(nonce).inserted else { return .replayedNonce }
        let repeated = !seen.insert(id).inserted
        let line: [String: Any] = ["callback": callback, "repeat": repeated, "received_at": Date().timeIntervalSince1970]
        var data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        data.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: data)
        try handle.synchronize()
        return repeated ? .repeated : .recorded
    }
}
