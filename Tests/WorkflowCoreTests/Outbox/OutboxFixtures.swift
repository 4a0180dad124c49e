import Foundation

@testable import WorkflowCore

/// A store, a handler over the `mini` workflow, and an outbox on a fake clock.
struct OutboxWorld {
    let path: String
    let store: SQLiteEventStore
    let handler: CaseCommandHandler
    let clock: FakeClock
    let outbox: SQLiteOutbox

    init(path: String = StoreFixtures.temporaryDatabase(), clock: FakeClock = FakeClock(StoreFixtures.now),
         configuration: SQLiteOutbox.Configuration = .init(redeliveryTimeout: .seconds(30), retention: .seconds(3600))) throws {
        self.path = path
        (store, handler) = try StoreFixtures.handler(path: path)
        self.clock = clock
        outbox = SQLiteOutbox(store: store, configuration: configuration, clock: { clock.now })
    }

    /// The same database opened again by a new process: a new store and a new outbox.
    func restarted() throws -> OutboxWorld {
        try store.close()
        return try OutboxWorld(path: path, clock: clock, configuration: outbox.configuration)
    }

    /// Registers a case; returns its id.
    @discardableResult
    func register(_ key: String) async throws -> CaseID {
        try await handler.register(StoreFixtures.registration(key: key), actor: StoreFixtures.actor, now: clock.now).key.caseID
    }

    func note(_ caseID: CaseID, _ text: String = "补充材料") async throws {
        _ = try await handler.handle(.addNote(text: text), caseID: caseID, actor: StoreFixtures.actor, now: clock.now)
    }

    /// Positions of every event after `position`, in log order.
    func positions(after position: Int64 = 0) async throws -> [Int64] {
        try await store.events(after: position, limit: 10_000).map(\.position)
    }

    /// Hands out and acknowledges everything, `batch` at a time; returns the ids in the order received.
    func drain(_ subscriber: String, batch: Int = 3) async throws -> [Int64] {
        var received: [Int64] = []
        while true {
            let deliveries = try await outbox.pending(subscriber: subscriber, limit: batch)
            if deliveries.isEmpty { return received }
            received += deliveries.map(\.id)
            _ = try await outbox.ack(subscriber: subscriber, deliveryIDs: deliveries.map(\.id))
        }
    }

    func outboxRows(_ subscriber: String) async throws -> Int {
        try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE subscriber = ?", arguments: [subscriber]) ?? 0
        }
    }
}
