import Foundation
import Testing

@testable import WorkflowCore

@Suite("Outbox: at-least-once delivery per subscriber, in order per case, acknowledged once")
struct OutboxDeliveryTests {
    @Test("every event published while a subscriber was down reaches it when it comes back")
    func subscriberThatWasDown() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "plugin:grid"))
        // The plugin is down: nobody asks for deliveries while cases come in.
        for index in 0..<6 {
            let caseID = try await world.register("down-\(index)")
            try await world.note(caseID)
        }
        let published = try await world.positions()
        #expect(published.count == 12)
        #expect(try await world.outbox.pendingCount(subscriber: "plugin:grid") == 12)

        // It comes back, registers again as at every start, and drains its queue.
        let back = try world.restarted()
        _ = try await back.outbox.register(OutboxSubscription(name: "plugin:grid"))
        #expect(try await back.drain("plugin:grid") == published)
        #expect(try await back.outbox.pendingCount(subscriber: "plugin:grid") == 0)
        #expect(try await back.outbox.pending(subscriber: "plugin:grid", limit: 10).isEmpty)
        try back.store.close()
    }

    @Test("what was handed out and not acknowledged is handed out again after a restart; acknowledged stays acknowledged")
    func redeliveryAfterRestart() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "callback:12345"))
        for index in 0..<4 { try await world.register("r-\(index)") }
        let first = try await world.outbox.pending(subscriber: "callback:12345", limit: 100)
        #expect(first.map(\.attempt) == [1, 1, 1, 1])
        #expect(try await world.outbox.ack(subscriber: "callback:12345", deliveryIDs: [first[0].id, first[2].id]) == 2)

        // kill -9 and start again: the lease died with the process.
        let second = try world.restarted()
        let again = try await second.outbox.pending(subscriber: "callback:12345", limit: 100)
        #expect(again.map(\.id) == [first[1].id, first[3].id])
        #expect(again.map(\.attempt) == [2, 2])
        #expect(again.map(\.event) == [first[1].event, first[3].event])
        #expect(try await second.outbox.ack(subscriber: "callback:12345", deliveryIDs: again.map(\.id)) == 2)

        let third = try second.restarted()
        #expect(try await third.outbox.pending(subscriber: "callback:12345", limit: 100).isEmpty)
        #expect(try await third.outbox.pendingCount(subscriber: "callback:12345") == 0)
        try third.store.close()
    }

    @Test("a delivery not acknowledged within the redelivery timeout is handed out again; release makes it so at once")
    func redeliveryTimeout() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "plugin:survey"))
        try await world.register("t")
        let handed = try await world.outbox.pending(subscriber: "plugin:survey", limit: 10)
        #expect(handed.count == 1)
        #expect(try await world.outbox.pending(subscriber: "plugin:survey", limit: 10).isEmpty, "out on a lease")
        world.clock.advance(by: .seconds(29))
        #expect(try await world.outbox.pending(subscriber: "plugin:survey", limit: 10).isEmpty)
        world.clock.advance(by: .seconds(1))
        let redelivered = try await world.outbox.pending(subscriber: "plugin:survey", limit: 10)
        #expect(redelivered.map(\.id) == handed.map(\.id))
        #expect(redelivered.map(\.attempt) == [2])

        #expect(try await world.outbox.release(subscriber: "plugin:survey") == 1)
        #expect(try await world.outbox.pending(subscriber: "plugin:survey", limit: 10).map(\.attempt) == [3])
        try world.store.close()
    }

    @Test("deliveries come in log order, and a case's later events wait while an earlier one is out")
    func orderPerCase() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "plugin:x"))
        let a = try await world.register("a")  // a1
        try await world.note(a, "a2")
        let b = try await world.register("b")  // b1
        try await world.note(a, "a3")
        try await world.note(b, "b2")
        let p = try await world.positions()
        #expect(p.count == 5)

        let head = try await world.outbox.pending(subscriber: "plugin:x", limit: 1)
        #expect(head.map(\.id) == [p[0]])
        let others = try await world.outbox.pending(subscriber: "plugin:x", limit: 10)
        #expect(others.map(\.id) == [p[2], p[4]], "case a is held back while a1 is out; case b goes on")
        #expect(others.allSatisfy { $0.event.caseID == b })
        _ = try await world.outbox.ack(subscriber: "plugin:x", deliveryIDs: [p[0]])
        let rest = try await world.outbox.pending(subscriber: "plugin:x", limit: 10)
        #expect(rest.map(\.id) == [p[1], p[3]])
        #expect(rest.map(\.event.version) == [2, 3])

        // Everything out times out together: redelivered in order again.
        world.clock.advance(by: .seconds(30))
        #expect(try await world.outbox.pending(subscriber: "plugin:x", limit: 10).map(\.id) == [p[1], p[2], p[3], p[4]])
        try world.store.close()
    }

    @Test("acknowledging is exactly once in effect: a second ack, or an unknown id, changes nothing")
    func ackOnce() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "plugin:x"))
        try await world.register("x")
        let delivery = try #require(try await world.outbox.pending(subscriber: "plugin:x", limit: 10).first)
        #expect(try await world.outbox.ack(subscriber: "plugin:x", deliveryIDs: [delivery.id, delivery.id]) == 1)
        #expect(try await world.outbox.ack(subscriber: "plugin:x", deliveryIDs: [delivery.id]) == 0)
        #expect(try await world.outbox.ack(subscriber: "plugin:x", deliveryIDs: [999_999]) == 0)
        world.clock.advance(by: .seconds(3600))
        #expect(try await world.outbox.release(subscriber: "plugin:x") == 0)
        #expect(try await world.outbox.pending(subscriber: "plugin:x", limit: 10).isEmpty, "never handed out again")
        let acked = try await world.store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE acked_ms IS NOT NULL") ?? 0
        }
        #expect(acked == 1)
        try world.store.close()
    }

    @Test("an append that fails queues nothing: rows are written in the events' transaction")
    func atomicWithTheEvents() async throws {
        let world = try OutboxWorld()
        _ = try await world.outbox.register(OutboxSubscription(name: "plugin:x"))
        let caseID = try await world.register("atomic")
        let state = try #require(try await world.handler.load(caseID)?.state)
        let note = CaseEvent(type: "note_added", actor: StoreFixtures.actor, at: world.clock.now, payload: .noteAdded(text: "迟到的"))
        let next = try #require(world.handler.decider.evolve(state, note))
        await #expect(throws: StoreError.self) {
            _ = try await world.store.append(AppendRequest(caseID: caseID, expectedVersion: 7, events: [note], state: next, eventOrgs: [next.orgID]))
        }
        #expect(try await world.outbox.pendingCount(subscriber: "plugin:x") == 1)
        try world.store.close()
    }
}
