public import Foundation
import GRDB
import Synchronization

/// The outbox over the embedded SQLite store. Queues are filled by the store's own appending
/// transactions (`OutboxProjection`); this type registers subscribers and hands out,
/// acknowledges and prunes deliveries.
///
/// Leases belong to this instance (`owner`): a delivery handed out by an earlier process (or
/// an earlier opening of the store) counts as not handed out, so a restart redelivers at once
/// whatever was unacknowledged. Open one `SQLiteOutbox` per store: two instances do not see
/// each other's leases (deliveries would still arrive, but twice).
public final class SQLiteOutbox: Outbox, Sendable {
    public struct Configuration: Sendable {
        /// A delivery handed out and not acknowledged within this time is handed out again.
        public var redeliveryTimeout: Duration
        /// How long acknowledged rows are kept (for inspection) before `prune` deletes them.
        public var retention: Duration
        /// `ack` prunes a subscriber's old rows itself at most this often.
        public var pruneInterval: Duration

        public init(
            redeliveryTimeout: Duration = .seconds(60), retention: Duration = .seconds(7 * 24 * 3600),
            pruneInterval: Duration = .seconds(600)
        ) {
            self.redeliveryTimeout = redeliveryTimeout
            self.retention = retention
            self.pruneInterval = pruneInterval
        }
    }

    public let store: SQLiteEventStore
    public let configuration: Configuration
    let clock: @Sendable () -> Date
    /// This instance's lease owner id.
    let owner = UUID().uuidString
    /// When `ack` last pruned each subscriber's rows.
    let lastPruned = Mutex<[String: Date]>([:])

    /// - Parameter clock: the current time (leases, acknowledgement times, retention); tests pass a fake one.
    public init(
        store: SQLiteEventStore, configuration: Configuration = Configuration(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
    }

    public func register(_ subscription: OutboxSubscription) async throws -> OutboxSubscriber {
        let normalized = try Self.validate(subscription)
        let nowMs = StoredCoding.milliseconds(clock())
        return try await store.pool.write { db in
            let types = try StoredCoding.json(normalized.eventTypes)
            let workflows = try StoredCoding.json(normalized.workflows)
            let allTypes = normalized.eventTypes.contains(OutboxSubscription.any)
            let allWorkflows = normalized.workflows.isEmpty || normalized.workflows.contains(OutboxSubscription.any)
            let head = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM events") ?? 0
            if let existing = try Self.subscriber(normalized.name, db: db) {
                guard existing.subscription != normalized else { return existing }
                // A new filter applies from now on; what is queued stays queued.
                try db.execute(sql: """
                    UPDATE subscribers SET event_types = ?, workflows = ?, all_types = ?, all_workflows = ?,
                        since_position = ?, updated_ms = ? WHERE name = ?
                    """, arguments: [types, workflows, allTypes, allWorkflows, head, nowMs, normalized.name])
            } else {
                try db.execute(sql: """
                    INSERT INTO subscribers (name, event_types, workflows, all_types, all_workflows,
                        registered_position, since_position, registered_ms, updated_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [normalized.name, types, workflows, allTypes, allWorkflows, head, head, nowMs, nowMs])
            }
            guard let stored = try Self.subscriber(normalized.name, db: db) else {
                throw StoreError(.corrupt, "subscriber \(normalized.name) vanished while registering")
            }
            return stored
        }
    }

    public func unregister(_ name: String) async throws -> Bool {
        try await store.pool.write { db in
            try db.execute(sql: "DELETE FROM outbox WHERE subscriber = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM subscribers WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func subscribers() async throws -> [OutboxSubscriber] {
        try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM subscribers ORDER BY name").compactMap {
                try Self.subscriber($0, db: db)
            }
        }
    }

    public func headPosition() async throws -> Int64 {
        try await store.headPosition()
    }

    public func waitForHead(after position: Int64) async -> Int64 {
        await store.waitForHead(after: position)
    }

    static func subscriber(_ name: String, db: Database) throws -> OutboxSubscriber? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE name = ?", arguments: [name]) else {
            return nil
        }
        return OutboxSubscriber(
            subscription: OutboxSubscription(
                name: row["name"], eventTypes: try StoredCoding.decode([String].self, from: row["event_types"]),
                workflows: try StoredCoding.decode([String].self, from: row["workflows"])),
            registeredPosition: row["registered_position"], sincePosition: row["since_position"],
            registeredAt: StoredCoding.date(milliseconds: row["registered_ms"]))
    }

    /// Throws `unknownSubscriber` unless `name` is registered.
    static func requireSubscriber(_ name: String, db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM subscribers WHERE name = ?", arguments: [name]) != nil else {
            throw OutboxError(.unknownSubscriber, field: "subscriber", "`\(name)` is not registered")
        }
    }

    /// Checks the limits and sorts the filter, so the same filter always compares equal.
    static func validate(_ subscription: OutboxSubscription) throws -> OutboxSubscription {
        let name = subscription.name
        guard !name.isEmpty, name.count <= OutboxLimits.nameCharacters, name.allSatisfy(isNameCharacter) else {
            throw OutboxError(
                .invalidField, field: "subscription.name",
                "must be 1 to \(OutboxLimits.nameCharacters) characters of letters, digits and . _ : -",
                limit: "\(OutboxLimits.nameCharacters) characters")
        }
        guard !subscription.eventTypes.isEmpty else {
            throw OutboxError(.invalidField, field: "subscription.event_types", "must name at least one event type or `*`")
        }
        for (field, values) in [("subscription.event_types", subscription.eventTypes), ("subscription.workflows", subscription.workflows)] {
            guard values.count <= OutboxLimits.filterValues else {
                throw OutboxError(
                    .invalidField, field: field, "lists \(values.count) values; at most \(OutboxLimits.filterValues)",
                    limit: "\(OutboxLimits.filterValues) values")
            }
            for value in values where value != OutboxSubscription.any && !isFilterValue(value) {
                throw OutboxError(
                    .invalidField, field: field,
                    "value `\(value.prefix(OutboxLimits.filterValueCharacters))` must be `*` or 1 to \(OutboxLimits.filterValueCharacters) characters of letters, digits and . _ : -",
                    limit: "\(OutboxLimits.filterValueCharacters) characters")
            }
        }
        return OutboxSubscription(
            name: name, eventTypes: Array(Set(subscription.eventTypes)).sorted(),
            workflows: Array(Set(subscription.workflows)).sorted())
    }

    private static func isFilterValue(_ value: String) -> Bool {
        !value.isEmpty && value.count <= OutboxLimits.filterValueCharacters && value.allSatisfy(isNameCharacter)
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._:-".contains(character))
    }
}
