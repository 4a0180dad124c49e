import Foundation
import GRDB

extension SQLiteEventStore {
    /// One transaction for a batch. The common case, every item succeeding, runs without
    /// savepoints (each costs two statements SQLite must parse); if an item fails, that
    /// attempt is rolled back and the batch runs again with each item in its own savepoint, so
    /// one failure does not undo the others.
    static func commit(_ works: [WriteWork], db: Database, notifier: HeadNotifier, utcOffsetSeconds: Int) -> [Result<WriteOutcome, any Error>] {
        var results: [Result<WriteOutcome, any Error>] = []
        results.reserveCapacity(works.count)
        do {
            do {
                try db.inTransaction(.immediate) {
                    for work in works { results.append(.success(try write(work, utcOffsetSeconds: utcOffsetSeconds, db: db))) }
                    return .commit
                }
            } catch {
                results = []
                try db.inTransaction(.immediate) {
                    for work in works {
                        var outcome: WriteOutcome?
                        do {
                            try db.inSavepoint {
                                outcome = try write(work, utcOffsetSeconds: utcOffsetSeconds, db: db)
                                return .commit
                            }
                            results.append(.success(outcome!))
                        } catch {
                            results.append(.failure(error))
                        }
                    }
                    return .commit
                }
            }
            let head = try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(position), 0) FROM events")) ?? 0
            notifier.advance(to: head)
            return results
        } catch {
            let failure = StoreError(.io, "transaction failed: \(error)")
            return works.map { _ in .failure(failure) }
        }
    }

    private static func write(_ work: WriteWork, utcOffsetSeconds: Int, db: Database) throws -> WriteOutcome {
        switch work {
        case .register(let request, let encoded): .registered(try register(request, encoded, utcOffsetSeconds: utcOffsetSeconds, db: db))
        case .append(let request, let encoded): .appended(try append(request, encoded, utcOffsetSeconds: utcOffsetSeconds, db: db))
        }
    }

    private static func register(
        _ request: RegisterRequest, _ encoded: Encoded, utcOffsetSeconds: Int, db: Database
    ) throws -> RegisterOutcome {
        if let existing = try String.fetchOne(
            db.cachedStatement(sql: "SELECT case_id FROM idempotency_keys WHERE key = ?"), arguments: [request.idempotencyKey])
        {
            guard let key = try caseKey(CaseID(rawValue: existing), db: db) else {
                throw StoreError(.corrupt, "idempotency key points at a missing case")
            }
            let state = try String.fetchOne(
                db.cachedStatement(sql: "SELECT state FROM cases WHERE case_id = ?"), arguments: [existing]) ?? ""
            return RegisterOutcome(key: key, created: false, events: [], state: state)
        }
        let serial = try Int.fetchOne(db.cachedStatement(sql: """
            INSERT INTO case_number_counters (year, last_serial) VALUES (?, 1)
            ON CONFLICT (year) DO UPDATE SET last_serial = last_serial + 1
            RETURNING last_serial
            """), arguments: [request.year])!
        let key = CaseKey(caseID: request.caseID, caseNumber: CaseNumber(year: request.year, serial: serial))
        try db.cachedStatement(sql: "INSERT INTO idempotency_keys (key, case_id) VALUES (?, ?)")
            .execute(arguments: [request.idempotencyKey, request.caseID.rawValue])
        try db.cachedStatement(sql: "INSERT INTO case_keys (case_id, case_number) VALUES (?, ?)")
            .execute(arguments: [request.caseID.rawValue, key.caseNumber.description])
        let events = try insert(request.events, encoded.events, key: key, firstVersion: 1, db: db)
        try Projector(utcOffsetSeconds: utcOffsetSeconds).apply(
            request.state, key: key, events: request.events, eventOrgs: request.eventOrgs, encoded: encoded, db: db)
        return RegisterOutcome(key: key, created: true, events: events, state: request.state.state)
    }

    private static func append(_ request: AppendRequest, _ encoded: Encoded, utcOffsetSeconds: Int, db: Database) throws -> [RecordedEvent] {
        // The version comes from the log itself, not from a projection.
        guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT k.case_number, (SELECT MAX(version) FROM events e WHERE e.case_id = k.case_id) AS version
                    FROM case_keys k WHERE k.case_id = ?
                    """), arguments: [request.caseID.rawValue]),
            let current = row["version"] as Int?
        else { throw StoreError(.notFound, "no case \(request.caseID)") }
        let number = try StoredCoding.caseNumber(row["case_number"])
        let key = CaseKey(caseID: request.caseID, caseNumber: number)
        guard current == request.expectedVersion else {
            throw StoreError(.conflict, "case \(key.caseNumber) is at version \(current), expected \(request.expectedVersion)")
        }
        let events = try insert(request.events, encoded.events, key: key, firstVersion: current + 1, db: db)
        try Projector(utcOffsetSeconds: utcOffsetSeconds).apply(
            request.state, key: key, events: request.events, eventOrgs: request.eventOrgs, encoded: encoded, db: db)
        return events
    }

    private static func insert(
        _ events: [CaseEvent], _ payloads: [String], key: CaseKey, firstVersion: Int, db: Database
    ) throws -> [RecordedEvent] {
        precondition(events.count == payloads.count, "one encoded payload per event")
        var recorded: [RecordedEvent] = []
        let statement = try db.cachedStatement(
            sql: "INSERT INTO events (case_id, version, type, actor_id, at_ms, payload) VALUES (?, ?, ?, ?, ?, ?)")
        for (offset, (event, payload)) in zip(events, payloads).enumerated() {
            let version = firstVersion + offset
            do {
                try statement.execute(arguments: [
                    key.caseID.rawValue, version, event.type, event.actor.id, StoredCoding.milliseconds(event.at), payload,
                ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                // Another writer (another process, with a shared database) took this version first.
                throw StoreError(.conflict, "case \(key.caseNumber) already has version \(version)")
            }
            recorded.append(RecordedEvent(
                position: db.lastInsertedRowID, caseID: key.caseID, caseNumber: key.caseNumber, version: version, event: event))
        }
        return recorded
    }

    static func caseKey(_ caseID: CaseID, db: Database) throws -> CaseKey? {
        guard let text = try String.fetchOne(
            db.cachedStatement(sql: "SELECT case_number FROM case_keys WHERE case_id = ?"), arguments: [caseID.rawValue])
        else { return nil }
        return CaseKey(caseID: caseID, caseNumber: try StoredCoding.caseNumber(text))
    }
}
