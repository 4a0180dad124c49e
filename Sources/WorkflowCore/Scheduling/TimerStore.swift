public import Foundation

/// A pending timer that has come due: warn before a deadline or mark it breached.
public struct DueTimer: Hashable, Sendable {
    public var caseID: CaseID
    public var deadlineID: String
    public var kind: TimerKind
    public var dueAt: Date

    public init(caseID: CaseID, deadlineID: String, kind: TimerKind, dueAt: Date) {
        self.caseID = caseID
        self.deadlineID = deadlineID
        self.kind = kind
        self.dueAt = dueAt
    }

    /// The command that fires it.
    public var command: CaseCommand { .fireTimer(deadlineID: deadlineID, kind: kind, dueAt: dueAt) }
}

/// What the scheduler reads from the store: the timers projection (one row per pending
/// warning and breach of a running deadline, written in the events' transaction) and the
/// log's head, to wake when new events may have added an earlier timer.
public protocol TimerStore: Sendable {
    /// Timers due at or before `now`, ordered by due time, then case, deadline and kind,
    /// strictly after `cursor` in that order (nil: from the start), at most `limit`.
    func dueTimers(at now: Date, after cursor: DueTimer?, limit: Int) async throws -> [DueTimer]

    /// The earliest due time strictly after `instant`, if any timer is pending then.
    func nextTimerDue(after instant: Date) async throws -> Date?

    /// The position of the newest event (0 when empty).
    func headPosition() async throws -> Int64

    /// Waits until the log's head passes `position` or the task is cancelled; returns the head.
    func waitForHead(after position: Int64) async -> Int64
}
