import Foundation
import Testing

@testable import WorkflowCore

struct SiteKeyTests {
    static let values = ["id:11010519491231002X", "phone:13512345678", "phone:01065123456"]

    @Test func keyedIdentitiesDifferUnderDifferentKeysAndNeverEqualThePlainValue() throws {
        let one = try SiteKey(bytes: Data(repeating: 1, count: 32))
        let two = try SiteKey(bytes: Data(repeating: 2, count: 32))
        for value in Self.values {
            let keyed = one.identityKey(value)
            #expect(keyed.count == SiteKey.identityKeyBytes)
            #expect(keyed == one.identityKey(value), "the same key gives the same identity")
            #expect(keyed != two.identityKey(value))
            #expect(keyed != Data(value.utf8))
            // Neither the value nor its digits appear in the keyed form.
            let digits = String(value.drop { $0 != ":" }.dropFirst())
            #expect(keyed.range(of: Data(digits.utf8)) == nil)
        }
        #expect(Set(Self.values.map(one.identityKey)).count == Self.values.count)
        #expect(one.fingerprint != two.fingerprint)
    }

    @Test func aKnownKeyGivesAKnownIdentity() throws {
        // HMAC-SHA256(key = 32 × 0x01, "phone:13512345678"), first 16 bytes: pins the
        // construction, so a change (which would orphan every stored identity) fails here.
        let key = try SiteKey(bytes: Data(repeating: 1, count: 32))
        let hex = key.identityKey("phone:13512345678").map { String(format: "%02x", $0) }.joined()
        #expect(hex == Self.expectedHex)
    }

    static let expectedHex = "e32f19cc16401b4723ae7416f5f18253"

    @Test func loadOrCreateMakesAPrivateKeyFileOnceAndReadsItBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xinfang-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let created = try SiteKey.loadOrCreate(directory: folder)
        let path = folder.appendingPathComponent(SiteKey.fileName).path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == SiteKey.byteCount)
        let again = try SiteKey.loadOrCreate(directory: folder)
        #expect(again.fingerprint == created.fingerprint)
        #expect(SiteKey.random().fingerprint != created.fingerprint)
    }

    @Test func aKeyFileOfTheWrongSizeIsAnErrorAndIsLeftAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xinfang-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(SiteKey.fileName)
        try Data(repeating: 7, count: 31).write(to: path)
        #expect(throws: StoreError(.corrupt, "site.key: must hold 32 bytes, found 31")) {
            _ = try SiteKey.loadOrCreate(directory: folder)
        }
        #expect(try Data(contentsOf: path) == Data(repeating: 7, count: 31))
    }
}
