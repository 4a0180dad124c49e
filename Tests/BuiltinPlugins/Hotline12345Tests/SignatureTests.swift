import Foundation
import Testing

@testable import Hotline12345Plugin

/// The shared-secret signature: what is signed, and the freshness and replay checks.
struct SignatureTests {
    let secret = Array("0123456789abcdef-secret".utf8)
    let body = Data(#"{"order_no":"GD1"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func theSignatureIsHMACSHA256OverTheDocumentedCanonicalText() {
        let text = RequestSignature.canonical(method: "post", path: "/api/v1/orders", timestamp: "1795000000", nonce: "n0nce-0123456789", body: Data())
        #expect(text == "POST\n/api/v1/orders\n1795000000\nn0nce-0123456789\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Computed independently with Python's hmac and hashlib.
        let signature = RequestSignature.sign(secret: secret, method: "POST", path: "/api/v1/orders", timestamp: "1795000000", nonce: "abcdef0123456789", body: body)
        #expect(signature == "fe91f563e032dc5cf80ab1cf3b1b955491211bb016059274b54b8eb46d0290f9")
    }

    private func headers(timestamp: Int64? = nil, nonce: String = "abcdef0123456789", path: String = "/api/v1/orders", body: Data? = nil, secret: [UInt8]? = nil)
        -> [String: String]
    {
        let stamp = String(timestamp ?? Int64(now.timeIntervalSince1970))
        let signature = RequestSignature.sign(secret: secret ?? self.secret, method: "POST", path: path, timestamp: stamp, nonce: nonce, body: body ?? self.body)
        return ["X-12345-Timestamp": stamp, "X-12345-Nonce": nonce, "X-12345-Signature": signature]
    }

    private func verify(_ headers: [String: String], body: Data? = nil, ledger: NonceLedger = NonceLedger()) -> String {
        let verifier = SignatureVerifier(secret: secret, nonces: ledger)
        do {
            try verifier.verify(method: "POST", path: "/api/v1/orders", headers: { headers[$0] }, body: body ?? self.body, now: now)
            return "ok"
        } catch {
            return error.code
        }
    }

    @Test func aProperlySignedFreshRequestPasses() {
        #expect(verify(headers()) == "ok")
        #expect(verify(headers(timestamp: Int64(now.timeIntervalSince1970) - 300)) == "ok", "the window's edge is inside")
    }

    @Test func anythingChangedBreaksTheSignature() {
        #expect(verify(headers(secret: Array("another-secret-0000".utf8))) == "bad_signature")
        #expect(verify(headers(), body: Data(#"{"order_no":"GD2"}"#.utf8)) == "bad_signature")
        #expect(verify(headers(path: "/api/v1/other")) == "bad_signature")
        var edited = headers()
        edited["X-12345-Nonce"] = "abcdef0123456780"
        #expect(verify(edited) == "bad_signature")
    }

    @Test func missingOrMalformedHeadersAreRefused() {
        var missing = headers()
        missing["X-12345-Signature"] = nil
        #expect(verify(missing) == "missing_signature")
        #expect(verify(headers(nonce: "short")) == "invalid_header")
        #expect(verify(headers(nonce: "has space 0123456789")) == "invalid_header")
    }

    @Test func staleTimestampsAreRefusedEitherWay() {
        #expect(verify(headers(timestamp: Int64(now.timeIntervalSince1970) - 301)) == "stale_timestamp")
        #expect(verify(headers(timestamp: Int64(now.timeIntervalSince1970) + 301)) == "stale_timestamp")
    }

    @Test func aReplayedNonceIsRefusedEvenAfterARestart() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nonces-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let clock = Int64(now.timeIntervalSince1970)
        let first = NonceLedger(file: file, now: clock)
        #expect(verify(headers(), ledger: first) == "ok")
        #expect(verify(headers(), ledger: first) == "replayed_nonce")
        #expect(verify(headers(nonce: "abcdef0123456780"), ledger: first) == "ok", "another nonce passes")
        // A new process reads the ledger back.
        let second = NonceLedger(file: file, now: clock)
        #expect(second.count == 2)
        #expect(verify(headers(), ledger: second) == "replayed_nonce")
        // Once out of the window, the nonce is forgotten (its timestamp is refused anyway).
        let later = NonceLedger(file: file, now: clock + 2 * RequestSignature.windowSeconds)
        #expect(later.count == 0)
    }

    @Test func theLedgerFileIsCompactedAsNoncesExpire() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nonces-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let clock = Int64(now.timeIntervalSince1970)
        let ledger = NonceLedger(file: file, now: clock)
        for index in 1..<NonceLedger.pruneEvery {
            #expect(ledger.admit(String(format: "nonce-%010d", index), timestamp: clock, now: clock))
        }
        let later = clock + 2 * RequestSignature.windowSeconds
        #expect(ledger.admit("nonce-after-the-window", timestamp: later, now: later))
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix(" nonce-after-the-window") == true)
        #expect(ledger.count == 1)
    }

    @Test func aBadSignatureDoesNotUseUpTheNonce() {
        let ledger = NonceLedger()
        #expect(verify(headers(secret: Array("another-secret-0000".utf8)), ledger: ledger) == "bad_signature")
        #expect(verify(headers(), ledger: ledger) == "ok")
    }
}
