public import Foundation
public import Logging
import Synchronization

/// Fires durable timers: every deadline warning and breach the engine computed, once, when it
/// comes due.
///
/// Timers are a projection of the events (the `timers` table, written in the transaction that
/// appends them), so the scheduler keeps no state of its own that matters: after a restart it
/// reads what is due and catches up on everything that came due while it was down. It fires
/// through `CaseCommandHandler` (`CaseCommand.fireTimer`, actor `.system`); the engine answers a
/// second firing of the same timer with no events, and the projection drops a timer in the
/// transaction that records its firing, so nothing fires twice, even with two schedulers.
///
/// Time is injected: `clock` gives now, `sleep` waits. The daemon runs `run()` as a service;
/// tests call `fireDue(now:)` with a fake time.
public final class Scheduler: Sendable {
    public struct Configuration: Sendable {
        /// Due timers read per query.
        public var batchSize: Int
        /// Cases fired at once (one case's timers always fire in order).
        public var concurrentCases: Int
        /// Longest wait between passes, even with no timer pending.
        public var maxSleep: Duration
        /// First hold after a failed firing (doubles per failure, up to `maxRetryDelay`).
        public var retryDelay: Duration
        public var maxRetryDelay: Duration

        public init(
            batchSize: Int = 256, concurrentCases: Int = 16, maxSleep: Duration = .seconds(60),
            retryDelay: Duration = .seconds(1), maxRetryDelay: Duration = .seconds(300)
        ) {
            self.batchSize = max(batchSize, 1)
            self.concurrentCases = max(concurrentCases, 1)
            self.maxSleep = maxSleep
            self.retryDelay = retryDelay
            self.maxRetryDelay = maxRetryDelay
        }
    }

    /// What one pass did.
    public struct PassReport: Hashable, Sendable {
        /// Timers whose firing recorded events.
        public var fired = 0
        /// Timers the engine answered with no events (stale), held back for a while.
        public var unchanged = 0
        /// Timers whose firing failed, held back for a while.
        public var failed = 0
        /// Due timers not tried because an earlier failure holds them back.
        public var held = 0

        public init() {}
    }

    public let configuration: Configuration
    private let store: any TimerStore
    private let handler: CaseCommandHandler
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger
    private let machine: Mutex<SchedulerStateMachine>
    /// One pass at a time: a pass's cursor and holds assume no other pass runs beside it.
    private let passLock = KeyedLock<Int>()

    /// - Parameters:
    ///   - store: the timers and the log's head (the `SQLiteEventStore` the handler appends to).
    ///   - handler: fires timers as commands, so the engine decides what a firing means.
    ///   - clock: the current time.
    ///   - sleep: waits for a duration; must end early (throwing or not) when the task is cancelled.
    public init(
        store: any TimerStore, handler: CaseCommandHandler, configuration: Configuration = Configuration(),
        clock: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "xinfang.scheduler")
    ) {
        self.store = store
        self.handler = handler
        self.configuration = configuration
        self.clock = clock
        self.sleep = sleep
        self.logger = logger
        self.machine = Mutex(
            SchedulerStateMachine(
                configuration: .init(
                    maxSleep: configuration.maxSleep, retryDelay: configuration.retryDelay,
                    maxRetryDelay: configuration.maxRetryDelay)))
    }

    /// Fires every timer due at `now`, in due order, in batches. Returns what it did; store
    /// failures while reading are thrown (firing failures are counted and retried later).
    @discardableResult
    public func fireDue(now: Date) async throws -> PassReport {
        try await passLock.withLock(0) {
            machine.withLock { $0.passStarted() }
            var report = PassReport()
            var cursor: DueTimer?
            while true {
                let batch = try await store.dueTimers(at: now, after: cursor, limit: configuration.batchSize)
                let (groups, held) = machine.withLock { $0.batchRead(batch, now: now) }
                report.held += held
                for (timer, outcome) in await fire(groups, now: now) {
                    machine.withLock { $0.fired(timer, outcome: outcome, now: now) }
                    switch outcome {
                    case .fired: report.fired += 1
                    case .unchanged: report.unchanged += 1
                    case .failed: report.failed += 1
                    }
                }
                guard batch.count == configuration.batchSize, let last = batch.last else { break }
                cursor = last
            }
            machine.withLock { $0.passFinished() }
            return report
        }
    }

    /// Fires due timers, then waits until the next one falls due, a held one may be retried,
    /// or new events arrive (they may bring an earlier timer), at most `maxSleep`; again,
    /// until the task is cancelled. A failing store is retried with growing pauses.
    public func run() async {
        var storeFailures = 0
        while !Task.isCancelled {
            do {
                // The head is read first: events committed after it wake the wait below, and
                // everything committed before it is seen by the pass's reads.
                let head = try await store.headPosition()
                let now = clock()
                let report = try await fireDue(now: now)
                if report.fired + report.unchanged + report.failed > 0 {
                    logger.info(
                        "timers fired", metadata: ["fired": "\(report.fired)", "unchanged": "\(report.unchanged)", "failed": "\(report.failed)"])
                }
                storeFailures = 0
                // Its own firings moved the head: look again at once rather than wake for them.
                if report.fired > 0 { continue }
                let next = try await store.nextTimerDue(after: now)
                let delay = machine.withLock { $0.delay(nextDue: next, now: clock()) }
                await wait(delay, orHeadAfter: head)
            } catch {
                if Task.isCancelled { return }
                storeFailures += 1
                let delay = machine.withLock { $0.retryDelay(failures: storeFailures) }
                logger.error("scheduler cannot read the store", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                try? await sleep(delay)
            }
        }
    }

    /// Fires groups (one per case) with at most `concurrentCases` at once.
    private func fire(_ groups: [[DueTimer]], now: Date) async -> [(DueTimer, SchedulerStateMachine.Outcome)] {
        await withTaskGroup(of: [(DueTimer, SchedulerStateMachine.Outcome)].self) { group in
            var outcomes: [(DueTimer, SchedulerStateMachine.Outcome)] = []
            var pending = groups.makeIterator()
            for _ in 0..<configuration.concurrentCases {
                guard let timers = pending.next() else { break }
                group.addTask { await self.fire(caseTimers: timers, now: now) }
            }
            while let done = await group.next() {
                outcomes += done
                if let timers = pending.next() {
                    group.addTask { await self.fire(caseTimers: timers, now: now) }
                }
            }
            return outcomes
        }
    }

    private func fire(caseTimers: [DueTimer], now: Date) async -> [(DueTimer, SchedulerStateMachine.Outcome)] {
        var outcomes: [(DueTimer, SchedulerStateMachine.Outcome)] = []
        for timer in caseTimers {
            do {
                let handled = try await handler.handle(timer.command, caseID: timer.caseID, actor: .system, now: now)
                outcomes.append((timer, handled.events.isEmpty ? .unchanged : .fired))
            } catch {
                // Case ids and deadline ids only: no personal data in logs.
                logger.warning(
                    "timer did not fire",
                    metadata: [
                        "case": "\(timer.caseID)", "deadline": "\(timer.deadlineID)", "kind": "\(timer.kind.rawValue)",
                        "error": "\(error)",
                    ])
                outcomes.append((timer, .failed))
            }
        }
        return outcomes
    }

    /// Sleeps for `delay` unless the log's head passes `head` first.
    private func wait(_ delay: Duration, orHeadAfter head: Int64) async {
        guard delay > .zero else { return }
        let sleep = self.sleep
        let store = self.store
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await sleep(delay) }
            group.addTask { _ = await store.waitForHead(after: head) }
            _ = await group.next()
            group.cancelAll()
        }
    }
}
