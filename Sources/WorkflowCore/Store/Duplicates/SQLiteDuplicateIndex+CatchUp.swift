import Foundation
import GRDB

extension SQLiteDuplicateIndex {
    /// Cases (re-)indexed per write transaction while catching up.
    static let catchUpBatch = 500

    /// Makes the index whole: after a new content scheme every case is re-indexed, after a
    /// new site key every identity is re-keyed, then cases missing from the index or indexed
    /// without a key are filled in from their `registered` events. Runs at start, before
    /// intake; idempotent.
    func catchUp(fingerprint: Data) async throws {
        try await pool.write { db in
            let scheme = try Data.fetchOne(db, sql: "SELECT value FROM duplicate_index_meta WHERE name = 'scheme'")
            if scheme != Data(ContentScheme.standard.id.utf8) {
                for table in DuplicateProjection.tables { try db.execute(sql: "DELETE FROM \(table)") }
            }
            let key = try Data.fetchOne(db, sql: "SELECT value FROM duplicate_index_meta WHERE name = 'key'")
            if key != fingerprint {
                try db.execute(sql: "DELETE FROM duplicate_identities")
                try db.execute(sql: "UPDATE duplicate_cases SET keyed = 0 WHERE keyed = 1")
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO duplicate_index_meta (name, value) VALUES ('scheme', ?), ('key', ?)",
                arguments: [Data(ContentScheme.standard.id.utf8), fingerprint])
        }
        try await indexMissingCases()
        try await keyUnkeyedCases()
    }

    /// Cases whose registration is in the log but not in the index (the index is newer than
    /// the data, or was cleared). One pass over the log's first events, in batches.
    private func indexMissingCases() async throws {
        let (indexed, cases) = try await pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_cases") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0)
        }
        guard indexed < cases else { return }
        var after: Int64 = 0
        while true {
            let start = after
            let last = try await pool.write { db -> Int64? in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT e.position, e.case_id, e.payload FROM events e
                    WHERE e.version = 1 AND e.position > ?
                      AND NOT EXISTS (SELECT 1 FROM duplicate_cases d WHERE d.position = e.position)
                    ORDER BY e.position LIMIT \(Self.catchUpBatch)
                    """, arguments: [start])
                for row in rows {
                    guard let registration = try Self.registration(row["payload"]) else { continue }
                    try DuplicateProjection.index(registration, caseID: CaseID(rawValue: row["case_id"]), position: row["position"], db: db)
                }
                return rows.last?["position"]
            }
            guard let last else { return }
            after = last
        }
    }

    /// Cases indexed while no site key was installed: their identity rows, now keyed.
    private func keyUnkeyedCases() async throws {
        while true {
            let done = try await pool.write { db -> Bool in
                guard try DuplicateProjection.identityKeyInstalled(db) else { return true }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT d.position, e.payload FROM duplicate_cases d JOIN events e ON e.position = d.position
                    WHERE d.keyed = 0 ORDER BY d.position LIMIT \(Self.catchUpBatch)
                    """)
                for row in rows {
                    let position: Int64 = row["position"]
                    if let registration = try Self.registration(row["payload"]) {
                        _ = try DuplicateProjection.indexIdentities(registration.petitioner, position: position, db: db)
                    }
                    try db.execute(sql: "UPDATE duplicate_cases SET keyed = 1 WHERE position = ?", arguments: [position])
                }
                return rows.count < Self.catchUpBatch
            }
            if done { return }
        }
    }

    private static func registration(_ payload: String) throws -> Registration? {
        guard case .registered(let registration) = try StoredCoding.decode(CaseEvent.self, from: payload).payload else { return nil }
        return registration
    }
}
