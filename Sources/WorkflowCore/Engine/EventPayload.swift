public import Foundation

/// What an event says. Stored as JSON with a `kind` discriminator, so new kinds can be
/// added without touching old rows.
public enum EventPayload: Hashable, Sendable {
    /// The case was registered (登记).
    case registered(Registration)
    /// A workflow command moved the case (or acted on it in place).
    case transitioned(TransitionRecord)
    /// A note on the thread.
    case noteAdded(text: String)
    /// A deadline clock changed: started, warned, breached, met, paused, resumed, extended, cancelled.
    case deadline(DeadlineRecord)
    /// Candidate earlier cases found at intake (重复信访).
    case duplicatesSuspected([DuplicateCandidate])
    /// An operator confirmed a link, a merge or dismissed a candidate.
    case linked(CaseLinkRecord)
    /// Someone read the petitioner's unmasked details (audit).
    case personalDataRevealed(reason: String, fields: [String])
}

/// The command, states and fields of a transition event.
public struct TransitionRecord: Hashable, Sendable, Codable {
    public var command: String
    public var from: String
    public var to: String
    public var fields: [Field]

    public init(command: String, from: String, to: String, fields: [Field]) {
        self.command = command
        self.from = from
        self.to = to
        self.fields = fields
    }
}

/// An earlier case that may be the same matter.
public struct DuplicateCandidate: Hashable, Sendable, Codable {
    public var caseID: CaseID
    public var caseNumber: CaseNumber
    /// 0...1.
    public var score: Double
    /// `same_petitioner`, `similar_content`.
    public var reasons: [String]

    public init(caseID: CaseID, caseNumber: CaseNumber, score: Double, reasons: [String]) {
        self.caseID = caseID
        self.caseNumber = caseNumber
        self.score = score
        self.reasons = reasons
    }
}

/// A link between two cases.
public struct CaseLinkRecord: Hashable, Sendable, Codable {
    /// `duplicate`, `merged_into`, `repeat_of`, `not_accepted_after_review`, `dismissed`.
    public var kind: String
    public var otherCaseID: CaseID
    public var otherCaseNumber: CaseNumber
    public var reason: String

    public init(kind: String, otherCaseID: CaseID, otherCaseNumber: CaseNumber, reason: String) {
        self.kind = kind
        self.otherCaseID = otherCaseID
        self.otherCaseNumber = otherCaseNumber
        self.reason = reason
    }
}

/// A change to one deadline clock, with the derivation of its due time.
public struct DeadlineRecord: Hashable, Sendable, Codable {
    /// `started`, `warned`, `breached`, `met`, `paused`, `resumed`, `extended`, `cancelled`.
    public var change: String
    /// The workflow's deadline id.
    public var deadlineID: String
    public var label: String
    public var dueAt: Date?
    public var warnAt: Date?
    /// Why it falls due then (present on `started`, `extended` and `resumed`).
    public var derivation: DeadlineDerivation?
    /// The event type that caused the change (`accepted`, `hearing_started`), when one did.
    public var cause: String?

    public init(change: String, deadlineID: String, label: String, dueAt: Date? = nil, warnAt: Date? = nil, derivation: DeadlineDerivation? = nil) {
        self.change = change
        self.deadlineID = deadlineID
        self.label = label
        self.dueAt = dueAt
        self.warnAt = warnAt
        self.derivation = derivation
        self.cause = nil
    }
}

/// The explanation of a deadline: every figure traced to an event and a rule.
public struct DeadlineDerivation: Hashable, Sendable, Codable {
    public var startedByEvent: String
    public var startedByVersion: Int
    public var startedAt: Date
    public var amount: Int
    /// `calendar_days`, `working_days`, `hours`, `working_hours`.
    public var unit: String
    public var countsFromNextDay: Bool
    /// The regulation, e.g. 《信访工作条例》第三十二条.
    public var source: String
    public var skipped: [SkippedDay]
    public var makeupDaysCounted: [CivilDate]
    /// Pauses and extensions applied.
    public var adjustments: [String]
    /// One paragraph in Chinese for operators.
    public var explanation: String
    /// The last day counted, for day units (the clock runs to the end of it).
    public var dueDate: CivilDate?
    /// The class that chose the figures (`urgent`, `sanitation`), for per-class deadlines.
    public var deadlineClass: String?

    public init(
        startedByEvent: String, startedByVersion: Int, startedAt: Date, amount: Int, unit: String,
        countsFromNextDay: Bool, source: String, skipped: [SkippedDay] = [], makeupDaysCounted: [CivilDate] = [],
        adjustments: [String] = [], explanation: String
    ) {
        self.startedByEvent = startedByEvent
        self.startedByVersion = startedByVersion
        self.startedAt = startedAt
        self.amount = amount
        self.unit = unit
        self.countsFromNextDay = countsFromNextDay
        self.source = source
        self.skipped = skipped
        self.makeupDaysCounted = makeupDaysCounted
        self.adjustments = adjustments
        self.explanation = explanation
        self.dueDate = nil
        self.deadlineClass = nil
    }
}
