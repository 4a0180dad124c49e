import Foundation
public import GRDB

/// The embedded store's duplicate index: candidate lookup by keyed identity and by MinHash
/// LSH band, each an index range read, so the cost per intake does not grow with the
/// number of cases (only with the size of the buckets a probe hits, which are bounded).
/// `SQLiteDuplicateIndexer` keeps it just behind the log and records what it finds.
public struct SQLiteDuplicateIndex: DuplicateCandidateIndex {
    public let pool: DatabasePool

    public init(pool: DatabasePool) {
        self.pool = pool
    }

    public func matches(for probe: DuplicateProbe, before position: Int64) async throws -> [IndexedCase] {
        try await pool.read { db in try matches(probe, before: position, pending: PendingEntries([]), db: db) }
    }

    /// Like `matches(for:before:)` in a read the caller holds, also looking among `pending`:
    /// cases of the batch being indexed, earlier than the probe but not in the tables yet.
    /// `bands`, when given, says which band keys the tables may hold: the others are not
    /// looked up.
    func matches(
        _ probe: DuplicateProbe, before position: Int64, pending: PendingEntries, bands filter: BandFilter? = nil, db: Database
    ) throws -> [IndexedCase] {
        var identityMatches = Set<Int64>()
        let byIdentity = try db.cachedStatement(sql: """
            SELECT position FROM duplicate_identities WHERE identity = ? AND position < ?
            ORDER BY position DESC LIMIT \(DuplicatePolicy.maxIdentityMatches)
            """)
        for identity in probe.identityKeys {
            identityMatches.formUnion(try Int64.fetchAll(byIdentity, arguments: [identity, position]))
            identityMatches.formUnion(pending.byIdentity[identity, default: []].filter { $0 < position })
        }
        var bandHits: [Int64: Int] = [:]
        let byBand = try db.cachedStatement(sql: """
            SELECT rowid FROM duplicate_bands WHERE duplicate_bands MATCH ? AND rowid < ?
            ORDER BY rowid DESC LIMIT \(DuplicatePolicy.maxBandBucket)
            """)
        for band in probe.bands {
            if filter?.mightContain(band) ?? true {
                let token = DuplicateIndexRows.bandToken(band)
                for match in try Int64.fetchAll(byBand, arguments: [token, position]) { bandHits[match, default: 0] += 1 }
            }
            for match in pending.byBand[band, default: []] where match < position { bandHits[match, default: 0] += 1 }
        }
        let contentMatches = bandHits.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
            .prefix(DuplicatePolicy.maxContentMatches).map(\.key)
        let wanted = identityMatches.union(contentMatches)
        var found = wanted.compactMap { pending.byPosition[$0] }.map { entry in
            var match = entry.indexed
            match.sharedIdentity = identityMatches.contains(match.position)
            return match
        }
        let stored = wanted.subtracting(found.map(\.position)).sorted(by: >)
        guard !stored.isEmpty else { return found.sorted { $0.position > $1.position } }
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.position, d.case_id, d.signature, d.case_number FROM duplicate_cases d
            WHERE d.position IN (\(stored.map { _ in "?" }.joined(separator: ",")))
            """, arguments: StatementArguments(stored))
        for values in rows {
            let number = try StoredCoding.caseNumber(values["case_number"])
            let position: Int64 = values["position"]
            found.append(IndexedCase(
                key: CaseKey(caseID: CaseID(rawValue: values["case_id"]), caseNumber: number), position: position,
                sharedIdentity: identityMatches.contains(position), signature: values["signature"]))
        }
        return found.sorted { $0.position > $1.position }
    }
}

/// One case as the index holds it: its registration's position and signature, its keyed
/// identities and its content bands.
struct IndexEntry: Sendable {
    var indexed: IndexedCase
    var identityKeys: [Data]
    var bands: [Int64]
}

/// The cases of a batch not in the tables yet, looked up the way the tables are.
struct PendingEntries {
    var byPosition: [Int64: IndexEntry] = [:]
    var byIdentity: [Data: [Int64]] = [:]
    var byBand: [Int64: [Int64]] = [:]

    init(_ entries: [IndexEntry]) {
        for entry in entries { add(entry) }
    }

    mutating func add(_ entry: IndexEntry) {
        let position = entry.indexed.position
        byPosition[position] = entry
        for identity in entry.identityKeys { byIdentity[identity, default: []].append(position) }
        for band in entry.bands { byBand[band, default: []].append(position) }
    }
}
