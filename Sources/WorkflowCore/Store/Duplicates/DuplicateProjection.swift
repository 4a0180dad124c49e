import Foundation
import GRDB

/// Writes a case into the duplicate index in the transaction that registers it (called by
/// `Projector`, so `xinfangd rebuild` reproduces it). Only registration adds rows: a case's
/// subject, content and petitioner are fixed by its `registered` event.
///
/// The petitioner's keyed identities need the site key, which lives in the data directory,
/// not in the store: `SQLiteDuplicateIndex.open` installs it on the writer connection as the
/// SQL function `xinfang_identity_key`. Without it (a store opened by a tool that has no key)
/// the case is indexed by content and marked `keyed = 0`; opening the index with the key
/// fills those in.
enum DuplicateProjection {
    /// The tables a rebuild clears (the metadata table is operational and stays).
    static let tables = ["duplicate_cases", "duplicate_bands", "duplicate_identities"]
    /// The SQL function that keys a normalised identity value on the writer connection.
    static let identityFunction = "xinfang_identity_key"

    /// - Parameter signature: the content's signature when the caller computed it already
    ///   (the live path does, outside the writer); computed here otherwise.
    static func write(_ state: CaseState, key: CaseKey, events: [CaseEvent], signature: ContentSignature? = nil, db: Database) throws {
        guard events.contains(where: { if case .registered = $0.payload { true } else { false } }) else { return }
        guard let position = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT position FROM events WHERE case_id = ? AND version = 1"), arguments: [key.caseID.rawValue])
        else { throw StoreError(.corrupt, "case \(key.caseNumber) has no first event") }
        try index(state.registration, caseID: key.caseID, position: position, signature: signature, db: db)
    }

    /// Writes (or rewrites) one case's rows.
    static func index(
        _ registration: Registration, caseID: CaseID, position: Int64, signature: ContentSignature? = nil, db: Database
    ) throws {
        let keyed = try indexIdentities(registration.petitioner, position: position, db: db)
        let signature = signature ?? ContentSignature(subject: registration.subject, content: registration.content)
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO duplicate_cases (position, case_id, signature, keyed) VALUES (?, ?, ?, ?)")
            .execute(arguments: [position, caseID.rawValue, signature.stored, keyed])
        let bands = signature.bands()
        guard !bands.isEmpty else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO duplicate_bands (rowid, bands) VALUES (?, ?)")
            .execute(arguments: [position, bands.map(bandToken).joined(separator: " ")])
    }

    /// A band as an FTS5 token: a letter and base-36 digits (a bareword to the query syntax).
    static func bandToken(_ band: Int64) -> String {
        "b" + String(UInt64(bitPattern: band), radix: 36)
    }

    /// The petitioner's keyed identities; the plain values go only to the key function.
    /// False when no site key is installed (the function is missing): nothing was written.
    /// Trying is cheaper than asking first (`pragma_function_list` costs ~85 µs, in the
    /// writer's transaction, on every registration).
    static func indexIdentities(_ petitioner: Petitioner, position: Int64, db: Database) throws -> Bool {
        for value in PetitionerIdentity.normalisedValues(of: petitioner) {
            do {
                try db.cachedStatement(
                    sql: "INSERT OR IGNORE INTO duplicate_identities (identity, position) VALUES (\(identityFunction)(?), ?)"
                ).execute(arguments: [value, position])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && error.message?.contains(identityFunction) == true {
                return false
            }
        }
        return true
    }

    /// Whether the site key is installed on this connection (for catching up, not per write).
    static func identityKeyInstalled(_ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM pragma_function_list WHERE name = ?)", arguments: [identityFunction]) ?? false
    }
}
