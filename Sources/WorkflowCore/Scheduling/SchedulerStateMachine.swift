import Foundation

/// The scheduler's decisions, without I/O (STYLE.md: state machines return actions): which
/// due timers to fire now and in what groups, which to hold back after a failure, and how long
/// to wait. `Scheduler` reads the store, fires, and waits as told.
///
/// A timer that fired is forgotten: its row leaves the timers projection in the transaction
/// that records the firing. A timer that failed, or whose firing changed nothing (a stale row),
/// is held back with a doubling delay, so it neither spins nor blocks the timers behind it.
struct SchedulerStateMachine: Sendable {
    struct Configuration: Sendable {
        /// Longest wait between passes, even with no timer pending (a safety net).
        var maxSleep: Duration
        /// First hold after a failed firing; doubles per failure up to `maxRetryDelay`.
        var retryDelay: Duration
        var maxRetryDelay: Duration
    }

    /// What one firing did.
    enum Outcome: Sendable {
        /// The engine recorded events (a warning, a breach and what the workflow does then).
        case fired
        /// The engine answered with no events: the clock no longer runs or is not due.
        case unchanged
        /// The command failed (store, unknown workflow, ...).
        case failed
    }

    private struct Hold {
        var failures: Int
        var until: Date
    }

    let configuration: Configuration
    private var holds: [DueTimer: Hold] = [:]
    private var seen: Set<DueTimer> = []

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Timers held back now.
    var heldCount: Int { holds.count }

    /// A pass over every due timer begins.
    mutating func passStarted() {
        seen = []
    }

    /// A batch of due timers, in due order, was read. Returns the ones to fire now, grouped by
    /// case (groups may run concurrently; a group's timers fire one after another, in due
    /// order, so a case is warned before it is breached), and how many were held back.
    mutating func batchRead(_ timers: [DueTimer], now: Date) -> (groups: [[DueTimer]], held: Int) {
        var groups: [[DueTimer]] = []
        var index: [CaseID: Int] = [:]
        var held = 0
        for timer in timers {
            seen.insert(timer)
            if let hold = holds[timer], hold.until > now {
                held += 1
                continue
            }
            if let at = index[timer.caseID] {
                groups[at].append(timer)
            } else {
                index[timer.caseID] = groups.count
                groups.append([timer])
            }
        }
        return (groups, held)
    }

    /// A timer was fired.
    mutating func fired(_ timer: DueTimer, outcome: Outcome, now: Date) {
        switch outcome {
        case .fired:
            holds[timer] = nil
        case .unchanged, .failed:
            let failures = (holds[timer]?.failures ?? 0) + 1
            holds[timer] = Hold(failures: failures, until: now.addingTimeInterval(Self.seconds(retryDelay(failures: failures))))
        }
    }

    /// The pass has read every due timer: holds of timers no longer due (fired meanwhile, or
    /// moved by an extension) are dropped.
    mutating func passFinished() {
        holds = holds.filter { seen.contains($0.key) }
        seen = []
    }

    /// How long to wait after a pass: until the next timer falls due or a held one may be
    /// tried again, at most `maxSleep`. (A head change ends the wait earlier.)
    func delay(nextDue: Date?, now: Date) -> Duration {
        let wake = ([nextDue].compactMap { $0 } + holds.values.map(\.until)).min()
        guard let wake else { return configuration.maxSleep }
        let seconds = wake.timeIntervalSince(now)
        guard seconds > 0 else { return .zero }
        return min(Self.duration(seconds), configuration.maxSleep)
    }

    /// The hold after `failures` failures in a row: `retryDelay`, doubled each time, at most `maxRetryDelay`.
    func retryDelay(failures: Int) -> Duration {
        let doublings = min(max(failures - 1, 0), 30)
        return min(configuration.retryDelay * (1 << doublings), configuration.maxRetryDelay)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded up so a wait never ends before the due time.
    static func duration(_ seconds: TimeInterval) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
