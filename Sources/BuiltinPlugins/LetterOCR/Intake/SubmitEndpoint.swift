import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The submit call: `POST /letters` with the scan as the body (any content type; the format
/// is read from the bytes, the optional `X-File-Name` header names the file). The upload is
/// written into the inbox first (so a crash loses nothing), then processed at once:
///
/// - 201 `{"case_number", "created", "uncertain_fields"}` — the case is stored;
/// - 413 / 422 `{"error": {"code", "field", "limit", "message"}}` — the scan cannot be read
///   (over a limit, not a scan); it is kept in `quarantine/` with the reason;
/// - 202 `{"status": "queued"}` — stored in the inbox, to be registered when the daemon answers.
struct SubmitEndpoint: Sendable {
    static let path = "/letters"
    let host: String
    let port: Int
    let intake: LetterIntake
    /// Called with `http://HOST:PORT` once the server is bound.
    let onBound: @Sendable (String) async -> Void

    /// Serves until the task is cancelled.
    func run() async throws {
        let router = Router()
        let intake = intake
        router.post(RouterPath(Self.path)) { request, _ -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: ScanLimits.maxScanBytes)
            } catch {
                return Self.error(413, ScanError(
                    code: .tooLarge, field: "scan.bytes", message: "the upload has more bytes than maxScanBytes",
                    limit: "\(ScanLimits.maxScanBytes) bytes"), file: nil)
            }
            let name = request.headers[HTTPField.Name("X-File-Name")!].map(Self.safeName) ?? "upload"
            let file: URL
            do {
                file = try Self.stage(Data(body.readableBytesView), name: name, inbox: intake.inbox)
            } catch {
                return Self.json(500, ["error": ["code": "internal", "message": "the upload could not be stored: \(error)"]])
            }
            switch await intake.process(file) {
            case .registered(let number, let created, let uncertain):
                return Self.json(created ? 201 : 200, ["case_number": number, "created": created, "uncertain_fields": uncertain])
            case .quarantined(let reason, let error):
                if let error { return Self.error(error.code == .tooLarge ? 413 : 422, error, file: file.lastPathComponent) }
                return Self.json(422, ["error": ["code": "refused", "message": reason], "quarantined_as": file.lastPathComponent])
            case .retryLater(let reason):
                return Self.json(202, ["status": "queued", "message": reason, "file": file.lastPathComponent])
            case .busy:
                return Self.json(202, ["status": "queued", "file": file.lastPathComponent])
            }
        }
        var logger = Logger(label: "letter-ocr.http") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let host = host, port = port, onBound = onBound
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                await onBound("http://\(host.contains(":") ? "[\(host)]" : host):\(bound)")
            },
            logger: logger)
        try await app.run()
    }

    /// Writes the upload beside the inbox and renames it in, so the poller never sees half a file.
    static func stage(_ data: Data, name: String, inbox: InboxFolder) throws -> URL {
        let staged = inbox.staging.appendingPathComponent(UUID().uuidString)
        try data.write(to: staged)
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        let target = inbox.root.appendingPathComponent("\(stamp)-\(name)")
        try FileManager.default.moveItem(at: staged, to: target)
        return target
    }

    /// The last path component, letters, digits, `.`, `-`, `_` only, at most 100 characters.
    static func safeName(_ header: String) -> String {
        let last = header.split(separator: "/").last.map(String.init) ?? ""
        let kept = last.filter { ($0.isLetter || $0.isNumber || "._-".contains($0)) }.prefix(100)
        let name = String(kept).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return name.isEmpty ? "upload" : name
    }

    private static func error(_ status: Int, _ error: ScanError, file: String?) -> Response {
        var detail: [String: Any] = ["code": "\(error.code)", "field": error.field, "message": error.message]
        if let limit = error.limit { detail["limit"] = limit }
        var body: [String: Any] = ["error": detail]
        if let file { body["quarantined_as"] = file }
        return json(status, body)
    }

    private static func json(_ status: Int, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
