import Foundation
import GRDB
import WorkflowCore

/// The raw SQLite baseline of the append benchmark: the very rows xinfang wrote (events, case
/// keys, idempotency keys, the case list and org trail, timers, the outbox, and the counter and case-number upserts), read back and inserted again as plain
/// cached INSERTs into a fresh database with the same schema and pragmas, in transactions of
/// the same number of cases as xinfang's mean group-commit batch. What it does not pay for is
/// xinfang's own work: deciding, encoding, queueing and answering each writer.
struct RawReplay {
    /// One table's rows, each tagged with the case it belongs to.
    private struct Table {
        var insert: String
        var rows: [(caseID: String, values: [DatabaseValue])]
    }

    private var tables: [Table] = []
    private var caseOrder: [String] = []
    private var counterUpserts: [String: [[DatabaseValue]]] = [:]
    private var years: [String: Int] = [:]
    private var eventCounts: [String: Int] = [:]

    /// Reads back every case-related row of a store.
    init(from pool: DatabasePool) async throws {
        let sources: [(select: String, insert: String)] = [
            ("SELECT case_id, position, case_id, version, type, actor_id, at_ms, payload FROM events ORDER BY position",
             "INSERT INTO events (position, case_id, version, type, actor_id, at_ms, payload) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            ("SELECT case_id, case_id, case_number FROM case_keys", "INSERT INTO case_keys (case_id, case_number) VALUES (?, ?)"),
            ("SELECT case_id, key, case_id FROM idempotency_keys", "INSERT INTO idempotency_keys (key, case_id) VALUES (?, ?)"),
            ("SELECT case_id, * FROM cases", ""),
            ("SELECT case_id, case_id, org_id FROM case_orgs", "INSERT INTO case_orgs (case_id, org_id) VALUES (?, ?)"),
            ("SELECT case_id, case_id, deadline_id, kind, due_ms FROM timers",
             "INSERT INTO timers (case_id, deadline_id, kind, due_ms) VALUES (?, ?, ?, ?)"),
            ("SELECT case_id, subscriber, position, case_id, workflow FROM outbox",
             "INSERT INTO outbox (subscriber, position, case_id, workflow) VALUES (?, ?, ?, ?)"),
        ]
        let (tables, order, counters, years, counts) = try await pool.read { db in
            var tables: [Table] = []
            for source in sources {
                var insert = source.insert
                if insert.isEmpty {
                    // The case list: every column, as stored.
                    let columns = try db.columns(in: "cases").map(\.name)
                    insert = "INSERT INTO cases (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
                }
                let rows = try Row.fetchAll(db, sql: source.select).map { row in
                    (caseID: row[0] as String, values: Array(row.databaseValues.dropFirst()))
                }
                tables.append(Table(insert: insert, rows: rows))
            }
            let order = try String.fetchAll(db, sql: "SELECT case_id FROM events WHERE version = 1 ORDER BY position")
            // Each event's counter upsert, at the case's org on the event's day (as the projector counts).
            var counters: [String: [[DatabaseValue]]] = [:]
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT e.case_id, c.org_id, date(e.at_ms / 1000, 'unixepoch', '+8 hours') AS day, e.type
                FROM events e JOIN cases c ON c.case_id = e.case_id
                """) {
                let caseID: String = row[0]
                counters[caseID, default: []].append([row[1], row[2], row[3]].map { $0 as DatabaseValue })
                counts[caseID, default: 0] += 1
            }
            var years: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT case_id, case_number FROM case_keys") {
                let number: String = row[1]
                years[row[0]] = Int(number.split(separator: "-")[1]) ?? 2026
            }
            return (tables, order, counters, years, counts)
        }
        self.tables = tables
        self.caseOrder = order
        self.counterUpserts = counters
        self.years = years
        self.eventCounts = counts
    }

    /// Inserts the rows into the store at `path` in transactions of `batchCases` cases until
    /// every case is written or `seconds` pass; returns events per second.
    func replay(into path: String, batchCases: Int, seconds: Double) async throws -> Double {
        let store = try SQLiteEventStore(path: path)
        defer { try? store.close() }
        var byCase: [String: [(table: Int, values: [DatabaseValue])]] = [:]
        for (index, table) in tables.enumerated() {
            for row in table.rows { byCase[row.caseID, default: []].append((index, row.values)) }
        }
        let inserts = tables.map(\.insert)
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        var events = 0
        var next = 0
        while next < caseOrder.count, ContinuousClock.now < deadline {
            let batch = Array(caseOrder[next..<min(caseOrder.count, next + max(1, batchCases))])
            next += batch.count
            let rows = batch.map { (caseID: $0, rows: byCase[$0] ?? [], counters: counterUpserts[$0] ?? [], year: years[$0] ?? 2026) }
            try await store.pool.write { db in
                for entry in rows {
                    try db.cachedStatement(sql: """
                        INSERT INTO case_number_counters (year, last_serial) VALUES (?, 1)
                        ON CONFLICT (year) DO UPDATE SET last_serial = last_serial + 1
                        """).execute(arguments: [entry.year])
                    for row in entry.rows {
                        try db.cachedStatement(sql: inserts[row.table]).execute(arguments: StatementArguments(row.values))
                    }
                    for counter in entry.counters {
                        try db.cachedStatement(sql: """
                            INSERT INTO event_counters (org_id, day, event_type, count) VALUES (?, ?, ?, 1)
                            ON CONFLICT (org_id, day, event_type) DO UPDATE SET count = count + 1
                            """).execute(arguments: StatementArguments(counter))
                    }
                }
            }
            events += batch.reduce(0) { $0 + (eventCounts[$1] ?? 0) }
        }
        return Double(events) / (ContinuousClock.now - start).seconds
    }
}
