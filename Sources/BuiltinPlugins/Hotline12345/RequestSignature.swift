import Crypto
import Foundation

/// The HMAC-SHA256 signature both directions use (docs/hotline12345.md, "Signature").
///
/// The signed text is five lines joined by `\n`: the method, the path, the timestamp (Unix
/// seconds), the nonce, and the lowercase hex SHA-256 of the body. The signature is the
/// lowercase hex HMAC-SHA256 of that text under the shared secret.
enum RequestSignature {
    /// The header names.
    enum Header {
        static let timestamp = "X-12345-Timestamp"
        static let nonce = "X-12345-Nonce"
        static let signature = "X-12345-Signature"
    }

    /// How far a timestamp may be from the receiver's clock, either way.
    static let windowSeconds: Int64 = 300
    /// Nonce length bounds; characters are ASCII letters, digits, `-` and `_`.
    static let nonceCharacters = 16...64

    static func canonical(method: String, path: String, timestamp: String, nonce: String, body: some DataProtocol) -> String {
        [method.uppercased(), path, timestamp, nonce, hex(SHA256.hash(data: body))].joined(separator: "\n")
    }

    static func sign(secret: [UInt8], method: String, path: String, timestamp: String, nonce: String, body: some DataProtocol) -> String {
        let text = canonical(method: method, path: path, timestamp: timestamp, nonce: nonce, body: body)
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))
        return hex(code)
    }

    /// The three headers for a request signed now with a fresh nonce.
    static func headers(secret: [UInt8], method: String, path: String, body: some DataProtocol, now: Date = Date()) -> [(String, String)] {
        let timestamp = String(Int64(now.timeIntervalSince1970))
        let nonce = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let signature = sign(secret: secret, method: method, path: path, timestamp: timestamp, nonce: nonce, body: body)
        return [(Header.timestamp, timestamp), (Header.nonce, nonce), (Header.signature, signature)]
    }

    static func isWellFormedNonce(_ nonce: String) -> Bool {
        nonceCharacters.contains(nonce.utf8.count)
            && nonce.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
    }

    /// Compares two signatures in time independent of where they differ.
    static func matches(_ expected: String, _ given: String) -> Bool {
        let a = Array(expected.utf8), b = Array(given.lowercased().utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
