import Foundation
public import GRDB

/// The embedded store's duplicate index: candidate lookup by keyed identity and by MinHash
/// LSH band, each an index range read, so the cost per intake does not grow with the
/// number of cases (only with the size of the buckets a probe hits, which are bounded).
///
/// ```swift
/// let index = try await SQLiteDuplicateIndex.open(store: store, siteKey: key)
/// let detector = DuplicateDetector(index: index, siteKey: key)
/// ```
public struct SQLiteDuplicateIndex: DuplicateCandidateIndex {
    public let pool: DatabasePool

    /// Installs the site key on the store's writer connection (so the projection writes keyed
    /// identities in the registering transaction) and brings the index up to date: cases
    /// registered before the index existed, under another content scheme or another key, or
    /// while no key was installed are (re-)indexed from their `registered` events.
    public static func open(store: SQLiteEventStore, siteKey: SiteKey) async throws -> SQLiteDuplicateIndex {
        try await installKey(siteKey, on: store)
        let index = SQLiteDuplicateIndex(pool: store.pool)
        try await index.catchUp(fingerprint: siteKey.fingerprint)
        return index
    }

    /// Only installs the site key on the store's writer connection, changing nothing stored:
    /// for `xinfangd rebuild` and `verify`, which must write (or compare) identity rows the way
    /// the serving daemon does.
    public static func installKey(_ siteKey: SiteKey, on store: SQLiteEventStore) async throws {
        let function = DatabaseFunction(DuplicateProjection.identityFunction, argumentCount: 1, pure: true) { values in
            guard let text = String.fromDatabaseValue(values[0]) else { return nil }
            return siteKey.identityKey(text)
        }
        try await store.pool.writeWithoutTransaction { db in db.add(function: function) }
    }

    public func matches(for probe: DuplicateProbe, before position: Int64) async throws -> [IndexedCase] {
        try await pool.read { db in
            var identityMatches = Set<Int64>()
            let byIdentity = try db.cachedStatement(sql: """
                SELECT position FROM duplicate_identities WHERE identity = ? AND position < ?
                ORDER BY position DESC LIMIT \(DuplicatePolicy.maxIdentityMatches)
                """)
            for identity in probe.identityKeys {
                identityMatches.formUnion(try Int64.fetchAll(byIdentity, arguments: [identity, position]))
            }
            var bandHits: [Int64: Int] = [:]
            let byBand = try db.cachedStatement(sql: """
                SELECT rowid FROM duplicate_bands WHERE duplicate_bands MATCH ? AND rowid < ?
                ORDER BY rowid DESC LIMIT \(DuplicatePolicy.maxBandBucket)
                """)
            for band in probe.bands {
                let token = DuplicateProjection.bandToken(band)
                for match in try Int64.fetchAll(byBand, arguments: [token, position]) { bandHits[match, default: 0] += 1 }
            }
            let contentMatches = bandHits.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
                .prefix(DuplicatePolicy.maxContentMatches).map(\.key)
            let wanted = identityMatches.union(contentMatches).sorted(by: >)
            guard !wanted.isEmpty else { return [] }
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.position, d.case_id, d.signature, c.case_number FROM duplicate_cases d
                JOIN cases c ON c.case_id = d.case_id
                WHERE d.position IN (\(wanted.map { _ in "?" }.joined(separator: ",")))
                ORDER BY d.position DESC
                """, arguments: StatementArguments(wanted))
            var found: [IndexedCase] = []
            for values in rows {
                let numberText: String = values["case_number"]
                guard let number = CaseNumber(numberText) else { throw StoreError(.corrupt, "bad case number \(numberText)") }
                let position: Int64 = values["position"]
                found.append(IndexedCase(
                    key: CaseKey(caseID: CaseID(rawValue: values["case_id"]), caseNumber: number), position: position,
                    sharedIdentity: identityMatches.contains(position), signature: values["signature"]))
            }
            return found
        }
    }
}
