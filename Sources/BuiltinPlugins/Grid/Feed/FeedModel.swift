import Foundation

/// What the plugin remembers of one report: its case and where the case is.
struct ReportRecord: Hashable, Sendable, Codable {
    var reportID: String
    var workerID: String
    var caseID: String
    var caseNumber: String
    var eventType: String
    var grid: String
    var submittedAt: Date
    /// The case's state id as the plugin last saw it.
    var state: String
    /// True from the handler's 处置反馈 until the worker (or an operator) decides the 核查.
    var awaitingVerification = false
    /// The event position of the 反馈 now awaiting 核查: one verification decision per round.
    var verificationRound: UInt64 = 0
    /// The last case event the plugin acted on (events come in order per case).
    var lastPosition: UInt64 = 0

    static func key(worker: String, report: String) -> String { "\(worker)/\(report)" }
    var key: String { Self.key(worker: workerID, report: reportID) }
}

/// A deadline a feed message announces, as the workflow computed it.
struct FeedDeadline: Hashable, Sendable, Codable {
    var id: String
    var label: String
    var dueAt: Date
}

/// One message of a worker's feed: what happened to one of the worker's reports.
struct FeedMessage: Hashable, Sendable, Codable {
    /// Increases by one per message across all workers; the app asks for messages after it.
    var cursor: Int
    var workerID: String
    var reportID: String
    var caseNumber: String
    /// `received`, `filed`, `rejected`, `dispatched`, `disposing`, `deadline`, `overdue`,
    /// `verification_requested`, `verification_failed`, `verified`, `closed`.
    var kind: String
    /// A Chinese headline (the workflow's label of the event, or of the deadline).
    var title: String
    /// A Chinese sentence with the details (the handler's result, a reason, a due time).
    var text: String
    var at: Date
    /// The case's state after the event.
    var state: String
    var deadline: FeedDeadline?
    /// What the worker can do now: `confirm` and `reject` for a verification request.
    var actions: [String]
    /// The case event's position in the daemon's log.
    var eventPosition: UInt64
}
