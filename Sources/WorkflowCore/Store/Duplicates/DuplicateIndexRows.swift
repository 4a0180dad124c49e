import Foundation
import GRDB

/// The rows of the duplicate index for one case, written by `SQLiteDuplicateIndexer`. Only
/// registration adds rows: a case's subject, content and petitioner are fixed by its
/// `registered` event. No plain personal data: identities are keyed hashes, content is
/// MinHash minima and band keys.
enum DuplicateIndexRows {
    /// The index tables (the metadata table holds the indexer's cursors and scheme).
    static let tables = ["duplicate_cases", "duplicate_bands", "duplicate_identities"]

    static func write(_ entry: IndexEntry, db: Database) throws {
        let position = entry.indexed.position
        for identity in entry.identityKeys {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO duplicate_identities (identity, position) VALUES (?, ?)")
                .execute(arguments: [identity, position])
        }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO duplicate_cases (position, case_id, case_number, signature, keyed) VALUES (?, ?, ?, ?, 1)
            """).execute(arguments: [position, entry.indexed.key.caseID.rawValue, entry.indexed.key.caseNumber.description, entry.indexed.signature])
        guard !entry.bands.isEmpty else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO duplicate_bands (rowid, bands) VALUES (?, ?)")
            .execute(arguments: [position, entry.bands.map(bandToken).joined(separator: " ")])
    }

    /// A band as an FTS5 token: a letter and base-36 digits (a bareword to the query syntax).
    static func bandToken(_ band: Int64) -> String {
        "b" + String(UInt64(bitPattern: band), radix: 36)
    }
}
