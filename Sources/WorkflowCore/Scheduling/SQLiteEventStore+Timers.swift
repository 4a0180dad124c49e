public import Foundation
import GRDB

extension SQLiteEventStore: TimerStore {
    public func dueTimers(at now: Date, after cursor: DueTimer?, limit: Int) async throws -> [DueTimer] {
        var sql = "SELECT case_id, deadline_id, kind, due_ms FROM timers WHERE due_ms <= ?"
        var arguments: StatementArguments = [StoredCoding.milliseconds(now)]
        if let cursor {
            sql += " AND (due_ms, case_id, deadline_id, kind) > (?, ?, ?, ?)"
            arguments += [StoredCoding.milliseconds(cursor.dueAt), cursor.caseID.rawValue, cursor.deadlineID, cursor.kind.rawValue]
        }
        sql += " ORDER BY due_ms, case_id, deadline_id, kind LIMIT ?"
        arguments += [max(limit, 1)]
        let finalSQL = sql
        let finalArguments = arguments
        return try await pool.read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map { row in
                let kindText: String = row["kind"]
                guard let kind = TimerKind(rawValue: kindText) else { throw StoreError(.corrupt, "unknown timer kind \(kindText)") }
                return DueTimer(
                    caseID: CaseID(rawValue: row["case_id"]), deadlineID: row["deadline_id"], kind: kind,
                    dueAt: StoredCoding.date(milliseconds: row["due_ms"]))
            }
        }
    }

    public func nextTimerDue(after instant: Date) async throws -> Date? {
        try await pool.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT MIN(due_ms) FROM timers WHERE due_ms > ?", arguments: [StoredCoding.milliseconds(instant)]
            ).map { StoredCoding.date(milliseconds: $0) }
        }
    }
}
