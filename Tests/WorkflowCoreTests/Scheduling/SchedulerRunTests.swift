import Foundation
import Synchronization
import Testing

@testable import WorkflowCore

@Suite("The scheduler's loop: sleeps to the next due time, wakes for new events")
struct SchedulerRunTests {
    @Test(
        "run() sleeps exactly until each due time, then wakes early when a new event brings a timer already due",
        .timeLimit(.minutes(1)))
    func runLoop() async throws {
        let store = try SQLiteEventStore(path: StoreFixtures.temporaryDatabase())
        let handler = try TimerFixtures.handler(store)
        let t = TimerFixtures.hours
        let a = try await TimerFixtures.register("a", at: t(0), handler: handler)

        let clock = FakeClock(t(0))
        let maxSleep = Duration.seconds(3 * 3600)
        let sleeps = Mutex<[Duration]>([])
        let (idle, idleSignal) = AsyncStream<Void>.makeStream()
        // A timed sleep passes fake time at once; the idle sleep (nothing pending) tells the test
        // and then really waits, until a head change or cancellation ends it.
        let sleep: @Sendable (Duration) async throws -> Void = { duration in
            sleeps.withLock { $0.append(duration) }
            if duration < maxSleep {
                clock.advance(by: duration)
            } else {
                idleSignal.yield()
                try await Task.sleep(for: .seconds(3600))
            }
        }
        let scheduler = Scheduler(
            store: store, handler: handler, configuration: .init(maxSleep: maxSleep), clock: { clock.now }, sleep: sleep)
        let running = Task { await scheduler.run() }
        var signals = idle.makeAsyncIterator()

        await signals.next()
        #expect(sleeps.withLock { $0 } == [.seconds(3600), .seconds(3600), maxSleep])
        #expect(try await TimerFixtures.firings(a, store: store) == ["deadline_breached:first_contact", "deadline_warned:limit", "deadline_breached:limit"])
        #expect(try await TimerFixtures.firingTimes(a, store: store) == [t(1), t(1), t(2)])

        // While the scheduler idles, a case arrives whose timers are already due (registered 3 hours back).
        let late = try await TimerFixtures.register("late", at: t(-1), handler: handler)
        await signals.next()
        #expect(try await TimerFixtures.firings(late, store: store).count == 3)
        #expect(try await TimerFixtures.firingTimes(late, store: store) == [t(2), t(2), t(2)], "fired at once, not after the idle sleep")
        #expect(sleeps.withLock { $0 }.count == 4)

        running.cancel()
        await running.value
        try store.close()
    }
}

@Suite("The scheduler's decisions (pure)")
struct SchedulerStateMachineTests {
    let now = TimerFixtures.t0
    func machine() -> SchedulerStateMachine {
        SchedulerStateMachine(configuration: .init(maxSleep: .seconds(60), retryDelay: .seconds(1), maxRetryDelay: .seconds(8)))
    }
    func timer(_ caseID: String, _ deadline: String, _ kind: TimerKind = .breach, at offset: TimeInterval = 0) -> DueTimer {
        DueTimer(caseID: CaseID(rawValue: caseID), deadlineID: deadline, kind: kind, dueAt: now.addingTimeInterval(offset))
    }

    @Test("a batch is grouped by case, each case's timers in due order")
    func groupsPerCase() {
        var machine = machine()
        let batch = [timer("a", "x", .warning), timer("b", "x"), timer("a", "x", .breach, at: 1), timer("c", "y"), timer("b", "y", at: 2)]
        machine.passStarted()
        let (groups, held) = machine.batchRead(batch, now: now)
        #expect(held == 0)
        #expect(groups == [[batch[0], batch[2]], [batch[1], batch[4]], [batch[3]]])
    }

    @Test("a failed or stale firing is held back, the hold doubling up to the maximum, and forgotten once it fires")
    func holdsDouble() {
        var machine = machine()
        let stuck = timer("a", "x")
        var holds: [Double] = []
        var clock = now
        for outcome in [SchedulerStateMachine.Outcome.failed, .unchanged, .failed, .failed, .failed, .failed] {
            machine.passStarted()
            #expect(machine.batchRead([stuck], now: clock).groups == [[stuck]])
            machine.fired(stuck, outcome: outcome, now: clock)
            machine.passFinished()
            let hold = SchedulerStateMachine.seconds(machine.delay(nextDue: nil, now: clock))
            holds.append(hold)
            machine.passStarted()
            #expect(machine.batchRead([stuck], now: clock.addingTimeInterval(hold - 0.001)).held == 1)
            clock = clock.addingTimeInterval(hold)
        }
        #expect(holds == [1, 2, 4, 8, 8, 8])
        machine.fired(stuck, outcome: .fired, now: clock)
        #expect(machine.heldCount == 0)
    }

    @Test("holds of timers no longer due are dropped at the end of a pass")
    func holdsForgotten() {
        var machine = machine()
        let moved = timer("a", "x")
        machine.passStarted()
        _ = machine.batchRead([moved], now: now)
        machine.fired(moved, outcome: .failed, now: now)
        machine.passFinished()
        #expect(machine.heldCount == 1)
        machine.passStarted()
        _ = machine.batchRead([], now: now)
        machine.passFinished()
        #expect(machine.heldCount == 0)
    }

    @Test("the wait runs to the next due time or the end of a hold, whichever is first, at most maxSleep")
    func delays() {
        var machine = machine()
        #expect(machine.delay(nextDue: nil, now: now) == .seconds(60))
        #expect(machine.delay(nextDue: now.addingTimeInterval(12.5), now: now) == .milliseconds(12_500))
        #expect(machine.delay(nextDue: now.addingTimeInterval(3600), now: now) == .seconds(60))
        #expect(machine.delay(nextDue: now.addingTimeInterval(-5), now: now) == .zero)
        machine.passStarted()
        _ = machine.batchRead([timer("a", "x")], now: now)
        machine.fired(timer("a", "x"), outcome: .failed, now: now)
        machine.passFinished()
        #expect(machine.delay(nextDue: now.addingTimeInterval(30), now: now) == .seconds(1))
    }
}
