import Foundation
import Testing

@testable import SurveyPlugin

@Suite struct LinkSignerTests {
    let signer = LinkSigner(key: Data(repeating: 7, count: 32))
    let expiry = Date(timeIntervalSince1970: 1_800_000_000)
    let id = "0123456789abcdef0123456789abcdef"

    @Test func aSignedTokenParsesAndIsAuthenticForItsCase() throws {
        let token = signer.token(caseNumber: "XF-2026-000001", surveyID: id, expiry: expiry)
        let parsed = try #require(LinkSigner.parse(token))
        #expect(parsed.surveyID == id)
        #expect(parsed.expiry == 1_800_000_000)
        #expect(signer.isAuthentic(parsed, caseNumber: "XF-2026-000001"))
        #expect(!token.contains("XF-2026"), "the case number is signed, not shown")
    }

    @Test func theSignatureCoversCaseSurveyAndExpiry() throws {
        let token = signer.token(caseNumber: "XF-2026-000001", surveyID: id, expiry: expiry)
        let parsed = try #require(LinkSigner.parse(token))
        #expect(!signer.isAuthentic(parsed, caseNumber: "XF-2026-000002"), "moved to another case")
        var later = parsed
        later.expiry += 86_400
        #expect(!signer.isAuthentic(later, caseNumber: "XF-2026-000001"), "expiry pushed back")
        var other = parsed
        other.surveyID = "f" + id.dropFirst()
        #expect(!signer.isAuthentic(other, caseNumber: "XF-2026-000001"), "another survey")
        let stranger = LinkSigner(key: Data(repeating: 8, count: 32))
        #expect(!stranger.isAuthentic(parsed, caseNumber: "XF-2026-000001"), "another key")
    }

    @Test(arguments: [
        "", "abc", "0123456789abcdef0123456789abcdef.1800000000", "0123456789ABCDEF0123456789ABCDEF.1800000000.AAAA",
        "0123456789abcdef0123456789abcdef.soon.AAAA", "0123456789abcdef0123456789abcdef.1800000000.not*base64",
        "0123456789abcdef0123456789abcdef.1800000000.AAAA", String(repeating: "a", count: 300),
    ])
    func malformedTokensDoNotParse(_ token: String) {
        #expect(LinkSigner.parse(token) == nil)
    }

    @Test func base64URLRoundTripsWithoutPadding() {
        for length in 0..<40 {
            let data = Data((0..<length).map { UInt8(($0 * 37 + 251) % 256) })
            let text = Base64URL.encode(data)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == data)
        }
    }

    @Test func theKeyIsMadeOnceAndKept() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("survey-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try LinkSigner.loadOrCreateKey(in: folder)
        let second = try LinkSigner.loadOrCreateKey(in: folder)
        #expect(first.count == LinkSigner.keyBytes)
        #expect(first == second)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("link.key").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
