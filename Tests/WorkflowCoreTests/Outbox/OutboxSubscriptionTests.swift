import Foundation
import GRDB
import Testing

@testable import WorkflowCore

@Suite("Outbox subscribers: filters, where a queue starts, retention, bad input")
struct OutboxSubscriptionTests {
    @Test("a subscriber that filters sees only its event types and workflows")
    func filters() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "all"))
        _ = try await world.outbox.register(OutboxSubscription(name: "notes", eventTypes: ["note_added"]))
        _ = try await world.outbox.register(OutboxSubscription(name: "mini-accepts", eventTypes: ["accepted", "note_added"], workflows: ["mini"]))
        _ = try await world.outbox.register(OutboxSubscription(name: "hotline-only", workflows: ["hotline12345"]))
        let caseID = try await world.register("f")
        try await world.note(caseID)
        _ = try await world.handler.handle(.act(command: "accept", fields: []), caseID: caseID, actor: StoreFixtures.actor, now: world.clock.now)

        func types(_ subscriber: String) async throws -> [String] {
            try await world.outbox.pending(subscriber: subscriber, limit: 100).map(\.event.event.type)
        }
        #expect(try await types("all") == ["registered", "note_added", "accepted"])
        #expect(try await types("notes") == ["note_added"])
        #expect(try await types("mini-accepts") == ["note_added", "accepted"])
        #expect(try await types("hotline-only") == [])
        world.clock.advance(by: .seconds(30))
        #expect(try await world.outbox.pending(subscriber: "all", limit: 100).map(\.workflow) == ["mini", "mini", "mini"])
        try world.store.close()
    }

    @Test("a new subscriber starts at the head; registering again keeps its place; a new filter applies from then on")
    func whereAQueueStarts() async throws {
        let world = try OutboxWorld()
        let before = try await world.register("before")
        let head = try await world.store.headPosition()
        let registered = try await world.outbox.register(OutboxSubscription(name: "late"))
        #expect(registered.registeredPosition == head)
        #expect(registered.sincePosition == head)

        try await world.note(before, "after registering")
        let again = try await world.outbox.register(OutboxSubscription(name: "late", eventTypes: ["*"]))
        #expect(again == registered, "the same filter: nothing changes, nothing queued is lost")
        #expect(try await world.outbox.pendingCount(subscriber: "late") == 1)

        let narrowed = try await world.outbox.register(OutboxSubscription(name: "late", eventTypes: ["note_added"]))
        #expect(narrowed.registeredPosition == head)
        #expect(narrowed.sincePosition == (try await world.store.headPosition()))
        let other = try await world.register("other")
        try await world.note(other)
        let delivered = try await world.outbox.pending(subscriber: "late", limit: 10)
        #expect(delivered.map(\.event.event.type) == ["note_added", "note_added"])
        #expect(delivered.first?.event.caseID == before)
        #expect(try await world.outbox.subscribers().map(\.name) == ["late"])

        #expect(try await world.outbox.unregister("late"))
        #expect(try await world.outboxRows("late") == 0)
        #expect(try await !world.outbox.unregister("late"))
        try world.store.close()
    }

    @Test("acknowledged rows are pruned after the retention period, unacknowledged never; a rebuild queues nothing again")
    func retention() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "plugin:x"))
        var cases: [CaseID] = []
        for index in 0..<5 { cases.append(try await world.register("keep-\(index)")) }
        let p = try await world.positions()
        _ = try await world.outbox.pending(subscriber: "plugin:x", limit: 10)
        _ = try await world.outbox.ack(subscriber: "plugin:x", deliveryIDs: [p[0], p[1], p[3], p[4]])

        #expect(try await world.outbox.prune() == 0, "within the retention period")
        world.clock.advance(by: .seconds(2 * 3600))
        #expect(try await world.outbox.prune() == 2, "only rows below the oldest unacknowledged one")
        #expect(try await world.outboxRows("plugin:x") == 3)

        // A rebuild runs the projection over every case again: nothing comes back.
        try await world.store.pool.write { [handler = world.handler, cases] db in
            for caseID in cases {
                let state = try #require(handler.decider.fold(try Self.events(caseID, db: db)))
                try OutboxProjection.write(state, caseID: caseID, eventCount: state.version, db: db)
            }
        }
        #expect(try await world.outboxRows("plugin:x") == 3)
        world.clock.advance(by: .seconds(30))
        #expect(try await world.outbox.pending(subscriber: "plugin:x", limit: 10).map(\.id) == [p[2]], "only the unacknowledged one, once more")
        try world.store.close()
    }

    @Test("bad input names the field and the limit, and registers nothing")
    func badInput() async throws {
        let world = try OutboxWorld()
        let cases: [(OutboxSubscription, String)] = [
            (OutboxSubscription(name: ""), "subscription.name"),
            (OutboxSubscription(name: String(repeating: "p", count: 65)), "subscription.name"),
            (OutboxSubscription(name: "插件"), "subscription.name"),
            (OutboxSubscription(name: "p", eventTypes: []), "subscription.event_types"),
            (OutboxSubscription(name: "p", eventTypes: (0...64).map { "t\($0)" }), "subscription.event_types"),
            (OutboxSubscription(name: "p", workflows: ["bad value"]), "subscription.workflows"),
        ]
        for (subscription, field) in cases {
            let error = await #expect(throws: OutboxError.self) { _ = try await world.outbox.register(subscription) }
            #expect(error?.code == .invalidField)
            #expect(error?.field == field)
        }
        #expect(try await world.outbox.subscribers().isEmpty)

        let tooLong = await #expect(throws: OutboxError.self) { _ = try await world.outbox.register(OutboxSubscription(name: String(repeating: "p", count: 65))) }
        #expect(tooLong?.limit == "64 characters")
        let unknown = await #expect(throws: OutboxError.self) { _ = try await world.outbox.pending(subscriber: "nobody", limit: 1) }
        #expect(unknown?.code == .unknownSubscriber)

        _ = try await world.outbox.register(OutboxSubscription(name: "p"))
        for limit in [0, 1_001] {
            let error = await #expect(throws: OutboxError.self) { _ = try await world.outbox.pending(subscriber: "p", limit: limit) }
            #expect(error?.field == "limit")
            #expect(error?.limit == "1000")
        }
        let ackError = await #expect(throws: OutboxError.self) {
            _ = try await world.outbox.ack(subscriber: "p", deliveryIDs: Array(0...1_000))
        }
        #expect(ackError?.field == "delivery_ids")
        try world.store.close()
    }

    static func events(_ caseID: CaseID, db: Database) throws -> [CaseEvent] {
        try String.fetchAll(db, sql: "SELECT payload FROM events WHERE case_id = ? ORDER BY version", arguments: [caseID.rawValue])
            .map { try StoredCoding.decode(CaseEvent.self, from: $0) }
    }
}
