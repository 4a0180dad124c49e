import Crypto
import Foundation

/// The platform's side of the shared-secret signature (docs/hotline12345.md, "Signature"),
/// written from the document, not shared with the plugin's code.
enum Signing {
    static let timestampHeader = "X-12345-Timestamp"
    static let nonceHeader = "X-12345-Nonce"
    static let signatureHeader = "X-12345-Signature"
    static let windowSeconds: Int64 = 300

    static func signature(secret: [UInt8], method: String, path: String, timestamp: String, nonce: String, body: Data) -> String {
        let bodyHash = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let text = "\(method)\n\(path)\n\(timestamp)\n\(nonce)\n\(bodyHash)"
        return HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func freshNonce() -> String {
        (0..<2).map { _ in UUID().uuidString.replacingOccurrences(of: "-", with: "") }.joined().lowercased()
    }
}
