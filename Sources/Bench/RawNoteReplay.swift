import Foundation
import GRDB
import WorkflowCore

/// The raw SQLite baseline for appends to existing cases: the very event rows xinfang appended
/// after `position`, each with the update of its case's row in the case list and its counter
/// upsert (what the projector writes for a note), inserted with plain cached statements into a
/// copy of the database as it was before the run, in transactions of xinfang's mean batch.
struct RawNoteReplay {
    private var events: [[DatabaseValue]] = []
    private var caseRows: [String: [DatabaseValue]] = [:]
    private var counters: [[DatabaseValue]] = []
    private let caseColumns: [String]

    init(from pool: DatabasePool, after position: Int64) async throws {
        (events, caseRows, counters, caseColumns) = try await pool.read { db in
            let events = try Row.fetchAll(db, sql: """
                SELECT position, case_id, version, type, actor_id, at_ms, payload FROM events WHERE position > ? ORDER BY position
                """, arguments: [position]).map { Array($0.databaseValues) }
            let columns = try db.columns(in: "cases").map(\.name).filter { $0 != "case_id" }
            var rows: [String: [DatabaseValue]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT case_id, \(columns.joined(separator: ", ")) FROM cases") {
                rows[row[0]] = Array(row.databaseValues.dropFirst())
            }
            let counters = try Row.fetchAll(db, sql: """
                SELECT c.org_id, date(e.at_ms / 1000, 'unixepoch', '+8 hours'), e.type
                FROM events e JOIN cases c ON c.case_id = e.case_id WHERE e.position > ? ORDER BY e.position
                """, arguments: [position]).map { Array($0.databaseValues) }
            return (events, rows, counters, columns)
        }
    }

    /// Replays into `path` (a copy of the store before the run) in transactions of `batch`
    /// events until all are written or `seconds` pass; returns events per second.
    func replay(into path: String, batch: Int, seconds: Double) async throws -> Double {
        let store = try SQLiteEventStore(path: path)
        defer { try? store.close() }
        let update = "UPDATE cases SET \(caseColumns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE case_id = ?"
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        var next = 0
        while next < events.count, ContinuousClock.now < deadline {
            let range = next..<min(events.count, next + max(1, batch))
            next = range.upperBound
            try await store.pool.write { db in
                for index in range {
                    let event = events[index]
                    try db.cachedStatement(sql: """
                        INSERT INTO events (position, case_id, version, type, actor_id, at_ms, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: StatementArguments(event))
                    let caseID = String.fromDatabaseValue(event[1]) ?? ""
                    try db.cachedStatement(sql: update).execute(arguments: StatementArguments((caseRows[caseID] ?? []) + [event[1]]))
                    try db.cachedStatement(sql: """
                        INSERT INTO event_counters (org_id, day, event_type, count) VALUES (?, ?, ?, 1)
                        ON CONFLICT (org_id, day, event_type) DO UPDATE SET count = count + 1
                        """).execute(arguments: StatementArguments(counters[index]))
                }
            }
        }
        return Double(next) / (ContinuousClock.now - start).seconds
    }
}
