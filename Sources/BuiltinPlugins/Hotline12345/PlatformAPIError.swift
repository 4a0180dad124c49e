import Foundation

/// An answer the push endpoint gives instead of a case number: an HTTP status and a JSON
/// body `{"code", "message", "field", "limit"}` (docs/hotline12345.md, "Errors").
struct PlatformAPIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// HTTP status code.
    var status: Int
    /// A stable code the platform can branch on.
    var code: String
    /// One English sentence naming the field and the limit.
    var message: String
    /// The JSON key (or header) at fault, when there is one.
    var field: String?
    /// The limit broken, when there is one (e.g. `64 characters`).
    var limit: String?

    var description: String { "\(status) \(code): \(message)" }

    static let missingSignature = Self(
        status: 401, code: "missing_signature",
        message: "the headers \(RequestSignature.Header.timestamp), \(RequestSignature.Header.nonce) and \(RequestSignature.Header.signature) are required")
    static let badSignature = Self(
        status: 401, code: "bad_signature", message: "the signature does not match the request under the shared secret",
        field: RequestSignature.Header.signature)
    static let staleTimestamp = Self(
        status: 401, code: "stale_timestamp",
        message: "the timestamp is more than \(RequestSignature.windowSeconds) seconds from the server's clock",
        field: RequestSignature.Header.timestamp, limit: "\(RequestSignature.windowSeconds) seconds")
    static let replayedNonce = Self(
        status: 401, code: "replayed_nonce", message: "this nonce was already used within the signature window",
        field: RequestSignature.Header.nonce, limit: "\(RequestSignature.windowSeconds) seconds")

    static func invalidHeader(_ header: String, problem: String, limit: String?) -> Self {
        Self(status: 401, code: "invalid_header", message: "\(header) \(problem)", field: header, limit: limit)
    }

    static func invalidField(_ field: String, _ problem: String, limit: String? = nil) -> Self {
        Self(status: 400, code: "invalid_field", message: "\(field) \(problem)" + (limit.map { " (limit \($0))" } ?? ""), field: field, limit: limit)
    }

    static func bodyTooLarge(_ limit: Int) -> Self {
        Self(status: 413, code: "body_too_large", message: "the body is over \(limit) bytes", limit: "\(limit) bytes")
    }

    static func unavailable(_ message: String) -> Self {
        Self(status: 503, code: "unavailable", message: message)
    }

    /// The JSON body.
    var body: Data {
        var object: [String: String] = ["code": code, "message": message]
        if let field { object["field"] = field }
        if let limit { object["limit"] = limit }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
