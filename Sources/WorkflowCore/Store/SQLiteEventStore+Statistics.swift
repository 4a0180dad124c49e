import Foundation
import GRDB

extension SQLiteEventStore {
    /// Counted events per org over a day range (inclusive, site days), keyed by event type
    /// (and `type#field=value` for outcome fields).
    public func eventCounts(orgIDs: [String], from: CivilDate, to: CivilDate) async throws -> [String: [String: Int]] {
        guard !orgIDs.isEmpty else { return [:] }
        let placeholders = orgIDs.map { _ in "?" }.joined(separator: ",")
        let arguments = StatementArguments(orgIDs + [from.description, to.description])
        return try await pool.read { db in
            var result: [String: [String: Int]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT org_id, event_type, SUM(count) AS total FROM event_counters
                WHERE org_id IN (\(placeholders)) AND day BETWEEN ? AND ?
                GROUP BY org_id, event_type
                """, arguments: arguments)
            for row in rows {
                result[row["org_id"], default: [:]][row["event_type"]] = row["total"]
            }
            return result
        }
    }
}
