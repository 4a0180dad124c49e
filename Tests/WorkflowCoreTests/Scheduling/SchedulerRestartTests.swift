import Foundation
import Testing

@testable import WorkflowCore

@Suite("Durable timers: each deadline fires once, across a real restart")
struct SchedulerRestartTests {
    @Test("timers fire once at their time, and those that came due while the scheduler was down fire on catch-up after a restart")
    func exactlyOnceAcrossARestart() async throws {
        let path = StoreFixtures.temporaryDatabase()
        let t = TimerFixtures.hours

        // First life of the daemon.
        let store = try SQLiteEventStore(path: path)
        let handler = try TimerFixtures.handler(store)
        let a = try await TimerFixtures.register("a", at: t(0), handler: handler)
        let b = try await TimerFixtures.register("b", at: t(1), handler: handler)
        let c = try await TimerFixtures.register("c", at: t(2), handler: handler)
        let closed = try await TimerFixtures.register("closed", at: t(0), handler: handler)
        _ = try await handler.handle(.act(command: "accept", fields: []), caseID: closed, actor: StoreFixtures.actor, now: t(0.25))
        _ = try await handler.handle(.act(command: "close", fields: []), caseID: closed, actor: StoreFixtures.actor, now: t(0.5))
        #expect(try await TimerFixtures.timerRows(store) == 9, "3 live cases x (first_contact breach, limit warning, limit breach)")

        let first = Scheduler(store: store, handler: handler)
        #expect(try await first.fireDue(now: t(0.5)).fired == 0, "nothing is due yet")
        #expect(try await first.fireDue(now: t(1)).fired == 2, "a: first_contact breached and limit warned")
        #expect(try await first.fireDue(now: t(1)).fired == 0, "firing again at the same time changes nothing")
        #expect(try await TimerFixtures.firings(a, store: store) == ["deadline_breached:first_contact", "deadline_warned:limit"])
        try store.close()

        // Down from t+1h to t+5h; a new process opens the same file.
        let reopened = try SQLiteEventStore(path: path)
        let reopenedHandler = try TimerFixtures.handler(reopened)
        let second = Scheduler(store: reopened, handler: reopenedHandler)
        #expect(try await TimerFixtures.timerRows(reopened) == 7, "the timers survived the restart: they are in the database")
        let catchUp = try await second.fireDue(now: t(5))
        #expect(catchUp.fired == 7)
        #expect(catchUp.failed == 0 && catchUp.unchanged == 0)
        #expect(try await second.fireDue(now: t(6)).fired == 0)
        #expect(try await TimerFixtures.timerRows(reopened) == 0)

        let expected = ["deadline_breached:first_contact", "deadline_warned:limit", "deadline_breached:limit"]
        #expect(try await TimerFixtures.firings(a, store: reopened) == expected)
        #expect(try await TimerFixtures.firings(b, store: reopened) == expected, "warned before breached, even on catch-up")
        #expect(try await TimerFixtures.firings(c, store: reopened) == expected)
        #expect(try await TimerFixtures.firings(closed, store: reopened).isEmpty, "a stopped clock never fires")
        #expect(try await TimerFixtures.firingTimes(a, store: reopened) == [t(1), t(1), t(5)])
        #expect(try await TimerFixtures.firingTimes(c, store: reopened) == [t(5), t(5), t(5)])

        // A third life: nothing left to fire, nothing fires again.
        try reopened.close()
        let third = try SQLiteEventStore(path: path)
        #expect(try await Scheduler(store: third, handler: try TimerFixtures.handler(third)).fireDue(now: t(100)).fired == 0)
        let all = try await third.events(after: 0, limit: 1_000)
        #expect(all.filter { $0.event.type == CaseEventType.deadlineWarned }.count == 3)
        #expect(all.filter { $0.event.type == CaseEventType.deadlineBreached }.count == 6)
        try third.close()
    }

    @Test("two schedulers racing over one store fire each timer once")
    func racingSchedulers() async throws {
        let store = try SQLiteEventStore(path: StoreFixtures.temporaryDatabase())
        let setup = try TimerFixtures.handler(store)
        var cases: [CaseID] = []
        for index in 0..<20 {
            cases.append(try await TimerFixtures.register("race-\(index)", at: TimerFixtures.t0, handler: setup))
        }
        // Separate handlers: no shared per-case lock, only the store's version check between them.
        let left = Scheduler(store: store, handler: try TimerFixtures.handler(store), configuration: .init(batchSize: 7))
        let right = Scheduler(store: store, handler: try TimerFixtures.handler(store), configuration: .init(batchSize: 5))
        async let leftReport = left.fireDue(now: TimerFixtures.hours(3))
        async let rightReport = right.fireDue(now: TimerFixtures.hours(3))
        let reports = try await [leftReport, rightReport]
        #expect(reports.map(\.fired).reduce(0, +) == 60, "every timer fired by exactly one of them")
        #expect(reports.map(\.failed).reduce(0, +) == 0)
        for caseID in cases {
            #expect(
                try await TimerFixtures.firings(caseID, store: store)
                    == ["deadline_breached:first_contact", "deadline_warned:limit", "deadline_breached:limit"])
        }
        try store.close()
    }

    @Test("a timer that cannot fire is held back and retried later, without blocking the others")
    func failingTimerIsHeldBack() async throws {
        let store = try SQLiteEventStore(path: StoreFixtures.temporaryDatabase())
        let both = try TimerFixtures.handler(store, workflows: [TimerFixtures.workflow(), TimerFixtures.workflow(id: "retired")])
        let good = try await TimerFixtures.register("good", at: TimerFixtures.t0, handler: both)
        let orphan = try await TimerFixtures.register("orphan", at: TimerFixtures.t0, workflow: "retired", handler: both)
        // This scheduler's engine no longer knows the `retired` workflow: its timers fail.
        let scheduler = Scheduler(
            store: store, handler: try TimerFixtures.handler(store), configuration: .init(batchSize: 1, retryDelay: .seconds(10)))
        let now = TimerFixtures.hours(3)

        let firstPass = try await scheduler.fireDue(now: now)
        #expect(firstPass.fired == 3)
        #expect(firstPass.failed == 3, "each of the orphan's timers tried once")
        let soon = try await scheduler.fireDue(now: now.addingTimeInterval(5))
        #expect(soon.held == 3 && soon.failed == 0, "held back for 10 s, not retried in a spin")
        let later = try await scheduler.fireDue(now: now.addingTimeInterval(10))
        #expect(later.failed == 3 && later.held == 0, "tried again once the hold ends")
        let doubled = try await scheduler.fireDue(now: now.addingTimeInterval(25))
        #expect(doubled.held == 3, "the second hold is twice as long (20 s)")
        #expect(try await TimerFixtures.firings(good, store: store).count == 3)
        #expect(try await TimerFixtures.firings(orphan, store: store).isEmpty)
        try store.close()
    }
}
