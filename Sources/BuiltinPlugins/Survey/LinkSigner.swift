import Crypto
import Foundation

/// Signs and checks the one-time survey links: `SURVEY_ID.EXPIRY.MAC`, where MAC is
/// HMAC-SHA256 (base64url) over the case number, the survey id and the expiry (Unix seconds).
///
/// The case number is not in the link (it is looked up by the survey id) but is signed, so a
/// link cannot be moved to another case. One use and expiry are judged with the stored survey.
struct LinkSigner: Sendable {
    /// The key's length in bytes when the plugin makes one.
    static let keyBytes = 32
    private static let domain = "xinfang-survey-link-v1"

    private let secret: Data
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    init(key: Data) {
        secret = key
    }

    /// The parts of a link token.
    struct Token: Sendable, Hashable {
        var surveyID: String
        var expiry: Int64
        var mac: Data
    }

    /// The token for a survey of `caseNumber` that expires at `expiry`.
    func token(caseNumber: String, surveyID: String, expiry: Date) -> String {
        let seconds = Int64(expiry.timeIntervalSince1970.rounded(.down))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(Self.message(caseNumber, surveyID, seconds).utf8), using: key)
        return "\(surveyID).\(seconds).\(Base64URL.encode(Data(mac)))"
    }

    /// Splits a token; nil when it is not one (wrong shape, over the length limit).
    static func parse(_ text: String) -> Token? {
        guard text.count <= SurveyLimits.tokenCharacters else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, SurveyID.isValid(String(parts[0])), let expiry = Int64(parts[1]), expiry > 0,
            let mac = Base64URL.decode(String(parts[2])), mac.count == SHA256.byteCount
        else { return nil }
        return Token(surveyID: String(parts[0]), expiry: expiry, mac: mac)
    }

    /// Whether the token's MAC was made with this key for `caseNumber` (compared in constant time).
    func isAuthentic(_ token: Token, caseNumber: String) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            token.mac, authenticating: Data(Self.message(caseNumber, token.surveyID, token.expiry).utf8), using: key)
    }

    private static func message(_ caseNumber: String, _ surveyID: String, _ expiry: Int64) -> String {
        "\(domain)\n\(caseNumber)\n\(surveyID)\n\(expiry)"
    }

    /// The key kept in `directory/link.key` (mode 0600), made on first use, so links stay
    /// valid across restarts.
    static func loadOrCreateKey(in directory: URL) throws -> Data {
        let file = directory.appendingPathComponent("link.key")
        if let existing = try? Data(contentsOf: file), existing.count >= keyBytes { return existing }
        var bytes = [UInt8](repeating: 0, count: keyBytes)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let data = Data(bytes)
        guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SurveyError("cannot write the link key \(file.path)")
        }
        return data
    }
}

/// Survey ids: 32 lowercase hex digits (128 random bits).
enum SurveyID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func isValid(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Base64 with the URL alphabet and no padding (RFC 4648 §5).
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// A failure of the plugin's own (configuration, state folder), said in a sentence.
struct SurveyError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}
