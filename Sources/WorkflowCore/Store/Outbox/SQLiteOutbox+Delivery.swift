import Foundation
import GRDB

extension SQLiteOutbox {
    public func pending(subscriber: String, limit: Int) async throws -> [OutboxDelivery] {
        try Self.checkCount(limit, field: "limit", allowZero: false)
        let now = StoredCoding.milliseconds(clock())
        let until = now + Self.milliseconds(configuration.redeliveryTimeout)
        let owner = self.owner
        return try await store.pool.write { db in
            try Self.requireSubscriber(subscriber, db: db)
            let taken = try Self.available(subscriber: subscriber, limit: limit, owner: owner, now: now, db: db)
            guard !taken.isEmpty else { return [] }
            let lease = try db.cachedStatement(sql: """
                UPDATE outbox SET attempts = attempts + 1, lease_owner = ?, leased_until_ms = ?
                WHERE subscriber = ? AND position = ?
                """)
            for item in taken {
                try lease.execute(arguments: [owner, until, subscriber, item.position])
            }
            let events = try Self.events(at: taken.map(\.position), db: db)
            return try taken.map { item in
                guard let event = events[item.position] else {
                    throw StoreError(.corrupt, "outbox of \(subscriber) names missing event \(item.position)")
                }
                return OutboxDelivery(
                    id: item.position, subscriber: subscriber, attempt: item.attempts + 1, workflow: item.workflow, event: event)
            }
        }
    }

    public func ack(subscriber: String, deliveryIDs: [Int64]) async throws -> Int {
        try Self.checkCount(deliveryIDs.count, field: "delivery_ids", allowZero: true)
        let now = clock()
        let nowMs = StoredCoding.milliseconds(now)
        let prune = shouldPrune(subscriber, now: now)
        let cutoff = nowMs - Self.milliseconds(configuration.retention)
        return try await store.pool.write { db in
            try Self.requireSubscriber(subscriber, db: db)
            let statement = try db.cachedStatement(sql: """
                UPDATE outbox SET acked_ms = ?, lease_owner = NULL, leased_until_ms = NULL
                WHERE subscriber = ? AND position = ? AND acked_ms IS NULL
                """)
            var acked = 0
            for id in Set(deliveryIDs) {
                try statement.execute(arguments: [nowMs, subscriber, id])
                acked += db.changesCount
            }
            if prune { _ = try Self.prune(subscriber, ackedBefore: cutoff, db: db) }
            return acked
        }
    }

    public func release(subscriber: String) async throws -> Int {
        try await store.pool.write { db in
            try Self.requireSubscriber(subscriber, db: db)
            try db.execute(sql: """
                UPDATE outbox SET lease_owner = NULL, leased_until_ms = NULL
                WHERE subscriber = ? AND acked_ms IS NULL AND lease_owner IS NOT NULL
                """, arguments: [subscriber])
            return db.changesCount
        }
    }

    public func pendingCount(subscriber: String) async throws -> Int {
        try await store.pool.read { db in
            try Self.requireSubscriber(subscriber, db: db)
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox WHERE subscriber = ? AND acked_ms IS NULL", arguments: [subscriber]) ?? 0
        }
    }

    /// An unacknowledged row that may be handed out now.
    struct Available {
        var position: Int64
        var workflow: String
        var attempts: Int
    }

    /// Unacknowledged rows in log order, skipping those out on a live lease of this instance and
    /// every later row of their cases (so a case's events are never handed out of order).
    static func available(subscriber: String, limit: Int, owner: String, now: Int64, db: Database) throws -> [Available] {
        var taken: [Available] = []
        var heldCases: Set<String> = []
        var after: Int64 = 0
        var scanned = 0
        let page = max(limit, 256)
        while taken.count < limit, scanned < OutboxLimits.scanPerCall {
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT position, case_id, workflow, attempts, lease_owner, leased_until_ms FROM outbox
                    WHERE subscriber = ? AND acked_ms IS NULL AND position > ? ORDER BY position LIMIT ?
                    """), arguments: [subscriber, after, page])
            for row in rows where taken.count < limit {
                let position: Int64 = row["position"]
                let caseID: String = row["case_id"]
                let leaseOwner: String? = row["lease_owner"]
                let leasedUntil: Int64? = row["leased_until_ms"]
                after = position
                scanned += 1
                if leaseOwner == owner, let leasedUntil, leasedUntil > now {
                    heldCases.insert(caseID)
                } else if !heldCases.contains(caseID) {
                    taken.append(Available(position: position, workflow: row["workflow"], attempts: row["attempts"]))
                }
            }
            if rows.count < page { break }
        }
        return taken
    }

    /// The recorded events at these positions, by position.
    static func events(at positions: [Int64], db: Database) throws -> [Int64: RecordedEvent] {
        let placeholders = positions.map { _ in "?" }.joined(separator: ",")
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.position, e.case_id, e.version, e.payload, c.case_number
            FROM events e JOIN case_keys c ON c.case_id = e.case_id
            WHERE e.position IN (\(placeholders))
            """, arguments: StatementArguments(positions))
        var events: [Int64: RecordedEvent] = [:]
        for row in rows {
            let number = try StoredCoding.caseNumber(row["case_number"])
            let position: Int64 = row["position"]
            events[position] = RecordedEvent(
                position: position, caseID: CaseID(rawValue: row["case_id"]), caseNumber: number,
                version: row["version"], event: try StoredCoding.decode(CaseEvent.self, from: row["payload"]))
        }
        return events
    }

    static func checkCount(_ count: Int, field: String, allowZero: Bool) throws {
        let low = allowZero ? 0 : 1
        guard count >= low, count <= OutboxLimits.deliveriesPerCall else {
            throw OutboxError(
                .invalidField, field: field, "is \(count); must be \(low) to \(OutboxLimits.deliveriesPerCall)",
                limit: "\(OutboxLimits.deliveriesPerCall)")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
