import Foundation

/// One 回访 (satisfaction callback) of one 办结 of a case, as kept in the plugin's state folder.
///
/// Holds no personal data: the phone number is read from the host when the SMS is sent and
/// is never stored or logged.
struct SurveyRecord: Codable, Sendable, Hashable {
    /// Where a survey is.
    enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for its send time.
        case scheduled
        /// The SMS went out; the link is open.
        case sent
        /// The petitioner answered; the answer waits to be recorded on the case.
        case answered
        /// The answer is on the case (回访, 评价 and, for 不满意, 重办).
        case recorded
        /// No answer arrived, or no SMS could be sent: recorded on the case as 未联系上.
        case unanswered
        /// Given up: the case had moved on (a person surveyed it first, or a rule refused).
        case abandoned
    }

    /// Random id, part of the link.
    var id: String
    var caseID: String
    var caseNumber: String
    /// The case version of the 办结 event: one survey per 办结.
    var completedVersion: Int64
    var completedAt: Date
    /// When the SMS is due to go out.
    var sendAt: Date
    /// The workflow's 回访 limit, when the case's `survey` clock said so.
    var surveyDueAt: Date?
    /// When the link stops working (set when the SMS is sent).
    var expiresAt: Date?
    var status: Status
    /// The answer, once given.
    var satisfaction: Satisfaction?
    var comment: String?
    var answeredAt: Date?
    /// Workflow steps already applied (`contact`, `evaluate`, `reopen`), so a restart resumes.
    var stepsDone: [String] = []
    /// Failed attempts at the current step (sending or recording), for the backoff.
    var attempts: Int = 0
    var nextAttemptAt: Date?
    /// The last failure, for operators (never personal data).
    var lastError: String?

    /// The survey for the 办结 event at `version` of a case.
    static func key(caseID: String, version: Int64) -> String { "\(caseID)#\(version)" }
    var key: String { Self.key(caseID: caseID, version: completedVersion) }

    /// Whether work is due for it at `now`.
    func isDue(at now: Date) -> Bool {
        if let next = nextAttemptAt, next > now { return false }
        switch status {
        case .scheduled: return sendAt <= now
        case .sent: return (expiresAt ?? .distantFuture) <= now
        case .answered: return true
        case .recorded, .unanswered, .abandoned: return false
        }
    }
}

/// The three answers of a 回访, as stored in the case's `satisfaction` field.
enum Satisfaction: String, Codable, Sendable, CaseIterable {
    case satisfied
    case basicallySatisfied = "basically_satisfied"
    case dissatisfied

    /// What the petitioner reads.
    var label: String {
        switch self {
        case .satisfied: "满意"
        case .basicallySatisfied: "基本满意"
        case .dissatisfied: "不满意"
        }
    }
}
