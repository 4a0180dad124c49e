import Crypto
import E2ESupport
import Foundation
import Hummingbird

/// A small honest SMS gateway for the tests: it speaks the HTTP interface of docs/survey.md
/// (a signed JSON POST), checks the account, the timestamp window, the nonce and the
/// HMAC-SHA256 signature itself, refuses what a real gateway refuses, and keeps every
/// accepted message for the test to read.
final class SMSGatewayCounterpart: Sendable {
    /// A message the gateway accepted.
    struct Message: Sendable, Hashable {
        var phone: String
        var signName: String
        var templateID: String
        var templateParams: [String: String]
        var content: String
        var outID: String
    }

    let account: String
    let secret: String
    /// Accepted messages, in arrival order.
    let messages = Shared<[Message]>([])
    /// Requests refused, with the gateway's code.
    let refusals = Shared<[String]>([])
    private let nonces = Shared<Set<String>>([])
    private let port = Shared<Int?>(nil)

    /// How far a request's timestamp may be from the gateway's clock.
    static let timestampWindow: TimeInterval = 300

    init(account: String, secret: String) {
        self.account = account
        self.secret = secret
    }

    /// The send endpoint, once listening.
    func url() async throws -> String {
        let deadline = Date() + 60
        while Date() < deadline {
            if let port = port.value { return "http://127.0.0.1:\(port)/sms/send" }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw E2EError("the SMS gateway counterpart did not start listening")
    }

    /// Serves until cancelled.
    func run() async throws {
        let router = Router()
        router.post("/sms/send") { request, _ -> Response in
            let body = Array(try await request.body.collect(upTo: 64 * 1024).readableBytesView)
            return self.answer(headers: request.headers, body: Data(body))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { [port] channel in port.withLock { $0 = channel.localAddress?.port } })
        try await app.run()
    }

    private func answer(headers: HTTPFields, body: Data) -> Response {
        func header(_ name: String) -> String? { headers.first { $0.name.canonicalName == name.lowercased() }?.value }
        guard header("X-Sms-Account") == account else { return refuse(401, "InvalidAccessKeyId", "unknown account") }
        guard let timestamp = header("X-Sms-Timestamp"), let seconds = TimeInterval(timestamp),
            abs(Date().timeIntervalSince1970 - seconds) <= Self.timestampWindow
        else { return refuse(401, "InvalidTimeStamp", "timestamp missing or outside the window") }
        guard let nonce = header("X-Sms-Nonce"), !nonce.isEmpty, nonces.withLock({ $0.insert(nonce).inserted }) else {
            return refuse(401, "SignatureNonceUsed", "nonce missing or used before")
        }
        var signed = Data("\(account)\n\(timestamp)\n\(nonce)\n".utf8)
        signed.append(body)
        let expected = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        guard header("X-Sms-Signature") == expected else { return refuse(401, "SignatureDoesNotMatch", "bad signature") }
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return refuse(400, "InvalidParameter", "body is not a JSON object")
        }
        let phone = json["phone"] as? String ?? ""
        guard phone.count == 11, phone.hasPrefix("1"), phone.allSatisfy(\.isNumber) else {
            return refuse(400, "isv.MOBILE_NUMBER_ILLEGAL", "phone is not a mobile number")
        }
        guard let signName = json["sign_name"] as? String, !signName.isEmpty else { return refuse(400, "isv.SMS_SIGNATURE_ILLEGAL", "sign_name missing") }
        guard let templateID = json["template_id"] as? String, !templateID.isEmpty else { return refuse(400, "isv.SMS_TEMPLATE_ILLEGAL", "template_id missing") }
        let message = Message(
            phone: phone, signName: signName, templateID: templateID, templateParams: json["template_params"] as? [String: String] ?? [:],
            content: json["content"] as? String ?? "", outID: json["out_id"] as? String ?? "")
        messages.withLock { $0.append(message) }
        return json200(["code": "OK", "message": "提交成功", "message_id": "m-\(messages.value.count)"])
    }

    private func refuse(_ status: Int, _ code: String, _ text: String) -> Response {
        refusals.withLock { $0.append(code) }
        return Self.json(HTTPResponse.Status(code: status), ["code": code, "message": text])
    }

    private func json200(_ object: [String: String]) -> Response { Self.json(.ok, object) }

    private static func json(_ status: HTTPResponse.Status, _ object: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Waits until the gateway holds `count` messages.
    func waitForMessages(_ count: Int, timeout: TimeInterval = 120) async throws -> [Message] {
        let deadline = Date() + timeout
        while Date() < deadline {
            let current = messages.value
            if current.count >= count { return current }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("the SMS gateway received \(messages.value.count) messages, not \(count), within \(Int(timeout)) s (refused: \(refusals.value))")
    }
}
