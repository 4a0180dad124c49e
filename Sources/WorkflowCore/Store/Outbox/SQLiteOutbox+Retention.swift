import Foundation
import GRDB

/// Retention: acknowledged rows are kept for `Configuration.retention` (to see what was
/// delivered when), then deleted. Unacknowledged rows are never deleted; a subscriber that
/// stops acknowledging grows its queue until it is unregistered (`pendingCount` shows it).
extension SQLiteOutbox {
    public func prune() async throws -> Int {
        let now = clock()
        let cutoff = StoredCoding.milliseconds(now) - Self.milliseconds(configuration.retention)
        let names = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM subscribers") }
        var deleted = 0
        for name in names {
            deleted += try await store.pool.write { db in try Self.prune(name, ackedBefore: cutoff, db: db) }
            lastPruned.withLock { $0[name] = now }
        }
        return deleted
    }

    /// True (and noted) when `ack` should prune this subscriber now.
    func shouldPrune(_ subscriber: String, now: Date) -> Bool {
        let interval = Double(Self.milliseconds(configuration.pruneInterval)) / 1000
        return lastPruned.withLock { last in
            if let previous = last[subscriber], now.timeIntervalSince(previous) < interval { return false }
            last[subscriber] = now
            return true
        }
    }

    /// Deletes one subscriber's rows acknowledged before `cutoff` and below its oldest
    /// unacknowledged row, and raises its `pruned_through` past them: every row at or below that
    /// mark was acknowledged, so a rebuild of the projections never queues it again.
    static func prune(_ subscriber: String, ackedBefore cutoff: Int64, db: Database) throws -> Int {
        let oldestUnacked = try Int64.fetchOne(
            db, sql: "SELECT MIN(position) FROM outbox WHERE subscriber = ? AND acked_ms IS NULL", arguments: [subscriber])
        let below = oldestUnacked ?? Int64.max
        let condition = "subscriber = ? AND acked_ms IS NOT NULL AND acked_ms < ? AND position < ?"
        let arguments: StatementArguments = [subscriber, cutoff, below]
        guard let highest = try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM outbox WHERE \(condition)", arguments: arguments)
        else { return 0 }
        try db.execute(sql: "DELETE FROM outbox WHERE \(condition)", arguments: arguments)
        let deleted = db.changesCount
        try db.execute(
            sql: "UPDATE subscribers SET pruned_through = MAX(pruned_through, ?) WHERE name = ?", arguments: [highest, subscriber])
        return deleted
    }
}
