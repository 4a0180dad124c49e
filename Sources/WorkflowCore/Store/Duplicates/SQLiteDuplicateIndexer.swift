public import Foundation
import GRDB
public import Logging
import Synchronization

/// Duplicate and repeat detection (重复信访), just behind the event log. For each new
/// registration, in log order, it probes the index for earlier cases from the same
/// petitioner (keyed identities) or with similar content (MinHash bands), records the
/// scored candidates on the new case through the engine (`duplicates_suspected`, by the
/// system), then adds the case to the index.
///
/// It runs after the registration is acknowledged, not inside it: the probe and the index
/// rows cost more than the rest of a registration, and a petition's acceptance must not wait
/// for them (docs/duplicates.md). Crash-safe: the cursor moves in the transaction that writes
/// a batch's index rows, after the batch's findings are recorded; a batch run again after a
/// crash records nothing twice because the engine records detection once per case.
///
/// Two cursors: `indexed` (registrations up to it are in the index) and `detected` (up to it
/// detection has run). Re-indexing after a new content scheme, a new site key or a rebuild
/// starts `indexed` again from 0 but never detects again for cases already checked.
public struct SQLiteDuplicateIndexer: Sendable {
    /// Registrations probed and indexed per transaction by default.
    public static let defaultBatchSize = 256
    /// A stretch of the log without registrations moves the cursor in memory; it is written
    /// once the stored cursor is this many events behind (a restart reads the stretch again).
    static let persistSkippedEvery: Int64 = 100_000

    private let store: SQLiteEventStore
    private let handler: CaseCommandHandler
    private let siteKey: SiteKey
    private let clock: @Sendable () -> Date
    private let batchSize: Int
    private let logger: Logger
    private let skipped = SkippedStretch()
    private let bandFilter = BandFilter()
    public var index: SQLiteDuplicateIndex { SQLiteDuplicateIndex(pool: store.indexPool) }

    public init(
        store: SQLiteEventStore, handler: CaseCommandHandler, siteKey: SiteKey, clock: @escaping @Sendable () -> Date = { Date() },
        batchSize: Int = defaultBatchSize, logger: Logger = Logger(label: "xinfang.duplicates")
    ) {
        precondition(batchSize > 0)
        self.store = store
        self.handler = handler
        self.siteKey = siteKey
        self.clock = clock
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Empties the index when it was made under another content scheme or site key (a
    /// restored directory without its key file), so it is rebuilt under the current ones.
    /// Call before `run()` or `catchUp()`; idempotent.
    public func prepare() async throws {
        let scheme = Data(ContentScheme.standard.id.utf8)
        let fingerprint = siteKey.fingerprint
        try await store.writeIndex { db in
            let storedScheme = try Data.fetchOne(db, sql: "SELECT value FROM duplicate_index_meta WHERE name = 'scheme'")
            let storedKey = try Data.fetchOne(db, sql: "SELECT value FROM duplicate_index_meta WHERE name = 'key'")
            if storedScheme != scheme || storedKey != fingerprint { try Self.clear(db) }
            skipped.forget()
            try db.execute(
                sql: "INSERT OR REPLACE INTO duplicate_index_meta (name, value) VALUES ('scheme', ?), ('key', ?)",
                arguments: [scheme, fingerprint])
        }
    }

    /// Detects and indexes new registrations as they are appended until the task is
    /// cancelled (or the store closes). Throws only when the store fails.
    public func run() async throws {
        do {
            var pacing = DerivedIndexPacing(idleBatchSize: batchSize)
            while !Task.isCancelled {
                let before = try await indexedPosition()
                let moved = try await pacing.batch(on: store) { limit in
                    let (moved, recorded) = try await indexBatch(from: before, limit: limit)
                    return (moved > 0, recorded)
                }
                if moved { continue }
                let head = await store.waitForHead(after: before)
                if head <= before { return }
            }
        } catch is CancellationError {
            return
        }
    }

    /// Detects and indexes everything appended so far; returns how many log positions it
    /// moved over.
    @discardableResult
    public func catchUp() async throws -> Int64 {
        var total: Int64 = 0
        while true {
            let (moved, _) = try await indexBatch(from: try await indexedPosition())
            if moved == 0 { return total }
            total += moved
        }
    }

    /// The log position the index has caught up to.
    public func indexedPosition() async throws -> Int64 {
        let stored = try await store.indexPool.read { db in try Self.cursor("indexed", db) }
        return skipped.position(stored: stored)
    }

    /// Events appended but not yet looked at by the detector.
    public func lag() async throws -> Int64 {
        let (head, indexed) = try await store.indexPool.read { db in
            (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM events") ?? 0, try Self.cursor("indexed", db))
        }
        return max(0, head - skipped.position(stored: indexed))
    }

    /// Records that detection has run up to `position` without running it: cases imported in
    /// bulk from an archive that was checked where it came from. They are still indexed (so
    /// later intake finds them); they get no `duplicates_suspected` event.
    public func markDetected(through position: Int64) async throws {
        try await store.writeIndex { db in
            if try Self.cursor("detected", db) < position { try Self.setCursor("detected", position, db) }
        }
    }

    /// Empties the index for a rebuild from the whole log (`xinfangd rebuild`); the next
    /// `catchUp()` or `run()` fills it again without detecting again.
    public func reset() async throws {
        try await store.writeIndex { db in try Self.clear(db) }
        skipped.forget()
    }

    /// One batch: the registrations after `position`, each probed against the index and the
    /// batch's earlier cases (when not yet detected), findings recorded, then the index rows
    /// and the cursors in one transaction. Returns how far the cursor moved (0: caught up) and
    /// how many findings it recorded.
    func indexBatch(from position: Int64, limit: Int? = nil) async throws -> (moved: Int64, recorded: Int) {
        switch try await prepare(from: position, limit: limit ?? batchSize) {
        case .caughtUp:
            return (0, 0)
        case .skipped(let moved):
            return (moved, 0)
        case .batch(let batch):
            try await record(batch.findings)
            try await commit(batch)
            return (batch.end - position, batch.findings.count)
        }
    }

    private enum Prepared {
        case caughtUp
        /// A stretch without registrations, passed in memory.
        case skipped(Int64)
        case batch(Batch)
    }

    /// A batch probed and ready to record and write.
    private struct Batch {
        var entries: [IndexEntry]
        var findings: [(CaseID, [DuplicateCandidate])]
        /// The cursors when it was read, and where `indexed` moves to.
        var stored: Int64
        var detected: Int64
        var end: Int64
    }

    private func prepare(from position: Int64, limit: Int) async throws -> Prepared {
        let index = self.index
        let detector = DuplicateDetector(index: index, siteKey: siteKey)
        // Decoding and signatures run inside the read, on the database's thread: a batch of
        // them takes milliseconds, which on the cooperative pool would hold up requests.
        let read = try await store.indexPool.read { db in
            let head = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM events") ?? 0
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT e.position, e.case_id, e.payload, k.case_number FROM events e JOIN case_keys k ON k.case_id = e.case_id
                WHERE e.position > ? AND e.position <= ? AND e.version = 1 ORDER BY e.position LIMIT ?
                """), arguments: [position, head, limit])
            let detected = try Self.cursor("detected", db)
            let (entries, probes) = try Self.entries(rows, detected: detected, detector: detector)
            // A full batch ends at its last registration; a shorter one read up to the head.
            let end = rows.count == limit ? entries[entries.count - 1].indexed.position : head
            return (head: head, detected: detected, stored: try Self.cursor("indexed", db), end: end, entries: entries, probes: probes)
        }
        guard read.head > position else { return .caughtUp }
        if read.entries.isEmpty, read.head - read.stored < Self.persistSkippedEvery {
            // Nothing to index (notes, transitions, its own findings): move on in memory
            // instead of a write transaction per wake-up.
            skipped.skip(stored: read.stored, through: read.head)
            return .skipped(read.head - position)
        }
        let filter = bandFilter
        let findings = try await store.indexPool.read { db in
            try filter.refresh(cursor: try Self.cursor("indexed", db), db: db)
            let pending = PendingEntries(read.entries)
            return try read.probes.compactMap { item -> (CaseID, [DuplicateCandidate])? in
                let matches = try index.matches(
                    item.probe, before: item.entry.indexed.position, pending: pending, bands: filter, db: db)
                let found = DuplicateScorer.rank(item.signature, matches: matches, excluding: item.entry.indexed.key.caseID)
                return found.isEmpty ? nil : (item.entry.indexed.key.caseID, found)
            }
        }
        return .batch(Batch(entries: read.entries, findings: findings, stored: read.stored, detected: read.detected, end: read.end))
    }

    /// Each registration read as an index entry, and those still to be detected (after
    /// `detected`, with something to look up) with their signature and probe.
    private static func entries(_ rows: [Row], detected: Int64, detector: DuplicateDetector) throws -> ([IndexEntry], [Probe]) {
        var entries: [IndexEntry] = []
        var probes: [Probe] = []
        for row in rows {
            let payload: String = row["payload"]
            guard case .registered(let registration) = try StoredCoding.decode(CaseEvent.self, from: payload).payload else {
                throw StoreError(.corrupt, "the first event at position \(row["position"] as Int64) is not a registration")
            }
            let number = try StoredCoding.caseNumber(row["case_number"])
            let (probe, signature) = detector.probe(for: registration)
            let entry = IndexEntry(
                indexed: IndexedCase(
                    key: CaseKey(caseID: CaseID(rawValue: row["case_id"]), caseNumber: number), position: row["position"],
                    sharedIdentity: false, signature: signature.stored),
                identityKeys: probe.identityKeys, bands: probe.bands)
            if entry.indexed.position > detected, !probe.identityKeys.isEmpty || !probe.bands.isEmpty {
                probes.append(Probe(entry: entry, signature: signature, probe: probe))
            }
            entries.append(entry)
        }
        return (entries, probes)
    }

    /// A registration to look up candidates for.
    private struct Probe: Sendable {
        var entry: IndexEntry
        var signature: ContentSignature
        var probe: DuplicateProbe
    }

    /// Writes a batch's index rows and moves the cursors, unless another indexer moved them.
    private func commit(_ batch: Batch) async throws {
        let written = try await store.writeIndex { db in
            guard try Self.cursor("indexed", db) == batch.stored else { return false }
            for entry in batch.entries { try DuplicateIndexRows.write(entry, db: db) }
            try Self.setCursor("indexed", batch.end, db)
            if batch.end > batch.detected { try Self.setCursor("detected", batch.end, db) }
            return true
        }
        if written { bandFilter.add(batch.entries.flatMap(\.bands), from: batch.stored, through: batch.end) }
    }

    /// Records each case's candidates through the engine, concurrently so the appends share
    /// group commits. A case that has its detection event already (a batch run again after a
    /// crash) gets nothing new: the engine records detection once.
    private func record(_ findings: [(CaseID, [DuplicateCandidate])]) async throws {
        guard !findings.isEmpty else { return }
        let now = clock()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (caseID, candidates) in findings {
                group.addTask {
                    _ = try await handler.handle(.recordDuplicates(candidates), caseID: caseID, actor: .system, now: now)
                }
            }
            try await group.waitForAll()
        }
        logger.debug("duplicates recorded", metadata: ["cases": "\(findings.count)"])
    }

    private static func clear(_ db: Database) throws {
        for table in DuplicateIndexRows.tables { try db.execute(sql: "DELETE FROM \(table)") }
        try setCursor("indexed", 0, db)
    }

    static func cursor(_ name: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM duplicate_index_meta WHERE name = ?"), arguments: [name]) ?? 0
    }

    private static func setCursor(_ name: String, _ value: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO duplicate_index_meta (name, value) VALUES (?, ?)").execute(arguments: [name, value])
    }
}

/// How far past the stored cursor the indexer has read a stretch without registrations. Valid
/// only while the stored cursor is still the one the stretch started from (a batch written, a
/// reset or another indexer moving it makes it void).
final class SkippedStretch: Sendable {
    private let state = Mutex<(stored: Int64, through: Int64)?>(nil)

    func position(stored: Int64) -> Int64 {
        state.withLock { stretch in
            guard let stretch, stretch.stored == stored else { return stored }
            return max(stored, stretch.through)
        }
    }

    func skip(stored: Int64, through: Int64) {
        state.withLock { $0 = (stored, through) }
    }

    func forget() {
        state.withLock { $0 = nil }
    }
}
