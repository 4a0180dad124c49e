import AsyncHTTPClient
import Crypto
import Foundation

/// Sends the survey SMS through a gateway's HTTP API, in the shape common to Chinese SMS
/// platforms: a signed JSON POST naming the phone, the 短信签名, the template and its
/// parameters (and the rendered text for gateways that take free text). docs/survey.md
/// specifies the interface.
struct SMSGateway: Sendable {
    let url: URL
    let account: String
    let secret: String
    let signName: String
    let template: String
    let client: HTTPClient
    /// How long one send may take, connecting included (a gateway that is down is retried later).
    var timeoutSeconds: Int64 = 30

    /// The JSON body of a send request.
    struct Message: Codable, Sendable, Hashable {
        var phone: String
        var signName: String
        var templateID: String
        var templateParams: [String: String]
        var content: String
        /// The survey id: a gateway that keeps it can drop a repeat after a crash.
        var outID: String

        enum CodingKeys: String, CodingKey {
            case phone
            case signName = "sign_name"
            case templateID = "template_id"
            case templateParams = "template_params"
            case content
            case outID = "out_id"
        }
    }

    /// The gateway's answer: `code` `OK` when accepted.
    struct Answer: Codable, Sendable, Hashable {
        var code: String
        var message: String?
        var messageID: String?

        enum CodingKeys: String, CodingKey {
            case code, message
            case messageID = "message_id"
        }
    }

    /// A send that did not go through; `permanent` when retrying cannot help (the gateway
    /// refused the request itself, e.g. a malformed number).
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
        var permanent: Bool
    }

    /// The text of the survey SMS.
    static func text(signName: String, caseNumber: String, link: String, validHours: Int) -> String {
        "【\(signName)】您反映的诉求（编号\(caseNumber)）已办结，请对办理结果进行评价：\(link) 链接\(validHours)小时内有效，仅可提交一次。"
    }

    /// The headers' signature: hex HMAC-SHA256 over `account\ntimestamp\nnonce\nbody`.
    static func signature(secret: String, account: String, timestamp: String, nonce: String, body: Data) -> String {
        var message = Data("\(account)\n\(timestamp)\n\(nonce)\n".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Sends one message; returns the gateway's message id.
    func send(_ message: Message, now: Date) async throws(Failure) -> String {
        let body: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = try encoder.encode(message)
        } catch {
            throw Failure(description: "cannot encode the message: \(error)", permanent: true)
        }
        let timestamp = String(Int64(now.timeIntervalSince1970))
        let nonce = SurveyID.make()
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "X-Sms-Account", value: account)
        request.headers.add(name: "X-Sms-Timestamp", value: timestamp)
        request.headers.add(name: "X-Sms-Nonce", value: nonce)
        request.headers.add(
            name: "X-Sms-Signature", value: Self.signature(secret: secret, account: account, timestamp: timestamp, nonce: nonce, body: body))
        request.body = .bytes(body)
        let response: HTTPClientResponse
        let answerBytes: [UInt8]
        do {
            response = try await client.execute(request, timeout: .seconds(timeoutSeconds))
            answerBytes = Array(try await response.body.collect(upTo: SurveyLimits.gatewayAnswerBytes).readableBytesView)
        } catch {
            throw Failure(description: "the SMS gateway cannot be reached: \(error)", permanent: false)
        }
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(answerBytes))
        guard response.status.code == 200, let answer, answer.code == "OK" else {
            let said = answer.map { "\($0.code): \($0.message ?? "")" } ?? "HTTP \(response.status.code)"
            // 4xx: the gateway judged the request itself; a repeat would be refused the same way.
            let permanent = (400..<500).contains(Int(response.status.code)) && response.status.code != 429
            throw Failure(description: "the SMS gateway refused the message (\(said))", permanent: permanent)
        }
        return answer.messageID ?? ""
    }
}
