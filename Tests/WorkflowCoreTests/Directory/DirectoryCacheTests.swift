import Foundation
import Testing

@testable import WorkflowCore

/// Requests read their caller's token and the org tree from memory; a change must still count.
struct DirectoryCacheTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func directory() async throws -> (SQLiteDirectory, SQLiteEventStore) {
        let store = try SQLiteEventStore(path: StoreFixtures.temporaryDatabase())
        let directory = SQLiteDirectory(pool: store.pool)
        try await directory.createOrg(Org(id: "city", name: "市信访局", parentID: "", level: "city"), by: "admin", at: now)
        try await directory.createUser(
            User(id: "wang", displayName: "王", orgID: "city", roles: [.receptionist], createdAt: now), by: "admin")
        return (directory, store)
    }

    @Test func aRevocationThroughTheDirectoryCountsAtOnce() async throws {
        let (directory, _) = try await directory()
        let (token, secret) = try await directory.createToken(userID: "wang", label: "t", expiresAt: nil, by: "admin", at: now)
        #expect(try await directory.authenticate(secret: secret, at: now)?.1.id == "wang")
        _ = try await directory.revokeToken(id: token.id, by: "admin", at: now)
        #expect(try await directory.authenticate(secret: secret, at: now) == nil)
    }

    @Test func aChangeByAnotherProcessCountsWithinTheLifetime() async throws {
        let (directory, store) = try await directory()
        let (token, secret) = try await directory.createToken(userID: "wang", label: "t", expiresAt: nil, by: "admin", at: now)
        #expect(try await directory.authenticate(secret: secret, at: now) != nil)
        #expect(try await directory.hierarchy(at: now).orgs["county"] == nil)
        // Another process (its own directory on the same database) revokes the token and adds an org.
        let other = SQLiteDirectory(pool: store.pool)
        _ = try await other.revokeToken(id: token.id, by: "admin", at: now)
        try await other.createOrg(Org(id: "county", name: "县信访局", parentID: "city", level: "county"), by: "admin", at: now)
        #expect(try await directory.hierarchy(at: now).orgs["county"] == nil, "within the lifetime the remembered tree serves, without a read")
        let later = now.addingTimeInterval(DirectoryCache.lifetime)
        #expect(try await directory.authenticate(secret: secret, at: later) == nil)
        #expect(try await directory.hierarchy(at: later).orgs["county"] != nil)
    }

    @Test func anExpiredTokenIsRefusedEvenWhileCached() async throws {
        let (directory, _) = try await directory()
        let (_, secret) = try await directory.createToken(
            userID: "wang", label: "t", expiresAt: now.addingTimeInterval(0.5), by: "admin", at: now)
        #expect(try await directory.authenticate(secret: secret, at: now) != nil)
        #expect(try await directory.authenticate(secret: secret, at: now.addingTimeInterval(0.6)) == nil)
    }

    @Test func anUnknownSecretIsRefusedAndANewTokenWorksAtOnce() async throws {
        let (directory, store) = try await directory()
        #expect(try await directory.authenticate(secret: "xft_nothing", at: now) == nil)
        let (_, secret) = try await SQLiteDirectory(pool: store.pool).createToken(
            userID: "wang", label: "t", expiresAt: nil, by: "admin", at: now)
        #expect(try await directory.authenticate(secret: secret, at: now) != nil)
    }
}

/// Case ids are version 7 UUIDs: later cases sort later, so case-keyed tables grow at one end.
struct CaseIDTests {
    @Test func idsAreVersion7AndSortByTime() throws {
        let first = CaseID.generate(at: Date(timeIntervalSince1970: 1_790_000_000))
        let second = CaseID.generate(at: Date(timeIntervalSince1970: 1_790_000_000.002))
        let third = CaseID.generate(at: Date(timeIntervalSince1970: 1_790_003_600))
        #expect(first.rawValue < second.rawValue && second.rawValue < third.rawValue)
        for id in [first, second, third] {
            let uuid = try #require(UUID(uuidString: id.rawValue))
            #expect(uuid.uuidString.lowercased() == id.rawValue)
            #expect(id.rawValue[id.rawValue.index(id.rawValue.startIndex, offsetBy: 14)] == "7", "version nibble")
            #expect("89ab".contains(id.rawValue[id.rawValue.index(id.rawValue.startIndex, offsetBy: 19)]), "RFC variant")
        }
        // The first 48 bits are the milliseconds: 1_790_000_000_000 = 0x01A0_C450_6C00.
        #expect(first.rawValue.hasPrefix("01a0c450-6c00-7"))
        #expect(CaseID.generate(at: Date(timeIntervalSince1970: 1_790_000_000)) != first, "the rest is random")
    }
}
