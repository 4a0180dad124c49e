import GRDB

/// Keeps the search index just behind the event log. FTS5 inserts are slower than the log
/// (shared/DESIGN.md, "Measured on this machine"), so they stay out of the transaction that
/// acknowledges a command: the indexer reads events after its stored cursor, writes the
/// index rows and advances the cursor in one transaction per batch, and after a restart
/// carries on from that cursor. Everything it writes is derived from events (the org trail
/// comes from the `case_orgs` projection, itself written from them).
///
/// Run `run()` as a service of the daemon (it returns when its task is cancelled); call
/// `catchUp()` to index everything pending and return (tests, `xinfangd rebuild`).
public struct SQLiteSearchIndexer: Sendable {
    /// Events read and indexed per transaction by default: small enough that the writes the
    /// indexer's transaction holds up wait only milliseconds.
    public static let defaultBatchSize = 256

    private let store: SQLiteEventStore
    private let batchSize: Int

    public init(store: SQLiteEventStore, batchSize: Int = defaultBatchSize) {
        precondition(batchSize > 0)
        self.store = store
        self.batchSize = batchSize
    }

    /// Indexes new events as they are appended until the task is cancelled (or the store
    /// closes). Throws only when the store fails; the cursor stays at the last whole batch.
    public func run() async throws {
        do {
            var awokenBy: Int64?
            var pacing = DerivedIndexPacing(idleBatchSize: batchSize)
            while !Task.isCancelled {
                let before = try await indexedPosition()
                if try await pacing.batch(on: store, { limit in (try await indexBatch(from: before, limit: limit) > 0, 0) }) {
                    awokenBy = nil
                    continue
                }
                // Woken by a commit whose events cannot be read: stop rather than spin.
                if let awokenBy, awokenBy > before {
                    throw StoreError(.corrupt, "the log's head is at \(awokenBy) but no event after \(before) can be read")
                }
                // Caught up: sleep until the head passes the cursor. A head not past it means
                // cancellation or a closed store.
                let head = await store.waitForHead(after: before)
                if head <= before { return }
                awokenBy = head
            }
        } catch is CancellationError {
            return
        }
    }

    /// Indexes every event appended so far and returns how many it read.
    @discardableResult
    public func catchUp() async throws -> Int {
        var total = 0
        while true {
            let count = try await indexBatch(from: try await indexedPosition())
            if count == 0 { return total }
            total += count
        }
    }

    /// The log position the index has caught up to.
    public func indexedPosition() async throws -> Int64 {
        try await store.indexPool.read { db in try Self.cursor(db) }
    }

    /// Events appended but not yet searchable: the head's position minus the indexed one.
    public func lag() async throws -> Int64 {
        let (head, indexed) = try await store.indexPool.read { db in
            (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM events") ?? 0, try Self.cursor(db))
        }
        return max(0, head - indexed)
    }

    /// Empties the index and its cursor, for a rebuild from the whole log (`catchUp()` next).
    public func reset() async throws {
        try await store.writeIndex { db in
            try db.execute(sql: """
                DELETE FROM search_docs;
                INSERT INTO search_trigram (search_trigram) VALUES ('delete-all');
                INSERT INTO search_short (search_short) VALUES ('delete-all');
                UPDATE search_state SET position = 0;
                """)
        }
    }

    /// Reads up to `batchSize` events after `position` and indexes them in one transaction
    /// that also moves the cursor. Returns how many events it read (0: caught up). If another
    /// indexer moved the cursor meanwhile, nothing is written and the next call starts there.
    func indexBatch(from position: Int64, limit: Int? = nil) async throws -> Int {
        let events = try await store.events(after: position, limit: limit ?? batchSize)
        guard let last = events.last else { return 0 }
        var order: [CaseID] = []
        var byCase: [CaseID: [EventPayload]] = [:]
        for recorded in events {
            if byCase[recorded.caseID] == nil { order.append(recorded.caseID) }
            byCase[recorded.caseID, default: []].append(recorded.event.payload)
        }
        // The org trails come from the log in a read of their own: the index's transaction
        // then holds no snapshot of the log (which would keep its WAL from being checkpointed).
        let cases = order.map { ($0, byCase[$0]!) }
        let orgs = try await store.pool.read { db in
            try cases.map { caseID, _ in
                try String.fetchAll(
                    try db.cachedStatement(sql: "SELECT org_id FROM case_orgs WHERE case_id = ? ORDER BY org_id"),
                    arguments: [caseID.rawValue])
            }
        }
        try await store.writeIndex { db in
            guard try Self.cursor(db) == position else { return }
            for ((caseID, payloads), trail) in zip(cases, orgs) {
                try Self.index(caseID, payloads: payloads, orgs: trail, db: db)
            }
            try db.execute(sql: "UPDATE search_state SET position = ?", arguments: [last.position])
        }
        return events.count
    }

    /// Applies one case's new events to its document and takes its org trail (`orgs`, read
    /// from the `case_orgs` projection after the events, so never behind them; it only grows);
    /// rewrites the case's index rows when either changed (FTS5 removes a contentless row only
    /// when given the text it indexed).
    private static func index(_ caseID: CaseID, payloads: [EventPayload], orgs trail: [String], db: Database) throws {
        let stored = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT docid, subject, content, thread, orgs FROM search_docs WHERE case_id = ?"),
            arguments: [caseID.rawValue])
        var document = SearchDocument()
        if let stored {
            let orgs: String = stored["orgs"]
            document = SearchDocument(
                subject: stored["subject"], content: stored["content"], thread: stored["thread"],
                orgs: orgs.isEmpty ? [] : orgs.components(separatedBy: "\n"))
        }
        let old = document
        for payload in payloads { document.apply(payload) }
        document.orgs = trail
        let orgs = document.orgs.joined(separator: "\n")
        guard let stored else {
            try db.cachedStatement(sql: "INSERT INTO search_docs (case_id, subject, content, thread, orgs) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [caseID.rawValue, document.subject, document.content, document.thread, orgs])
            try insert(document, docid: db.lastInsertedRowID, trigram: true, db: db)
            return
        }
        guard document != old else { return }
        let docid: Int64 = stored["docid"]
        // The trigram row holds no orgs: a transfer alone rewrites only the short-token row.
        let textChanged = document.trigramBody != old.trigramBody
        if textChanged {
            try db.cachedStatement(sql: "INSERT INTO search_trigram (search_trigram, rowid, body) VALUES ('delete', ?, ?)")
                .execute(arguments: [docid, old.trigramBody])
        }
        try db.cachedStatement(sql: "INSERT INTO search_short (search_short, rowid, grams) VALUES ('delete', ?, ?)")
            .execute(arguments: [docid, old.shortTokens])
        try db.cachedStatement(sql: "UPDATE search_docs SET subject = ?, content = ?, thread = ?, orgs = ? WHERE docid = ?")
            .execute(arguments: [document.subject, document.content, document.thread, orgs, docid])
        try insert(document, docid: docid, trigram: textChanged, db: db)
    }

    private static func insert(_ document: SearchDocument, docid: Int64, trigram: Bool, db: Database) throws {
        if trigram {
            try db.cachedStatement(sql: "INSERT INTO search_trigram (rowid, body) VALUES (?, ?)")
                .execute(arguments: [docid, document.trigramBody])
        }
        try db.cachedStatement(sql: "INSERT INTO search_short (rowid, grams) VALUES (?, ?)")
            .execute(arguments: [docid, document.shortTokens])
    }

    private static func cursor(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT position FROM search_state") ?? 0
    }
}
