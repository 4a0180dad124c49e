/// How a deadline counts.
public enum DeadlineUnit: String, Hashable, Sendable, Codable, CaseIterable {
    case calendarDays = "calendar_days"
    case workingDays = "working_days"
    case hours
    case workingHours = "working_hours"

    /// Whole civil days (the due time is the end of the last day).
    public var isDays: Bool { self == .calendarDays || self == .workingDays }

    /// "日" / "个工作日" / "小时" / "个工作时", for explanations.
    public var chineseName: String {
        switch self {
        case .calendarDays: return "日"
        case .workingDays: return "个工作日"
        case .hours: return "小时"
        case .workingHours: return "个工作时"
        }
    }

    /// "30-day", "5-working-day", "24-hour", "4-working-hour", for English refusals.
    public func englishSpan(_ amount: Int) -> String {
        switch self {
        case .calendarDays: return "\(amount)-day"
        case .workingDays: return "\(amount)-working-day"
        case .hours: return "\(amount)-hour"
        case .workingHours: return "\(amount)-working-hour"
        }
    }

    /// "30 calendar days", "5 working days".
    public func englishAmount(_ amount: Int) -> String {
        switch self {
        case .calendarDays: return "\(amount) calendar day\(amount == 1 ? "" : "s")"
        case .workingDays: return "\(amount) working day\(amount == 1 ? "" : "s")"
        case .hours: return "\(amount) hour\(amount == 1 ? "" : "s")"
        case .workingHours: return "\(amount) working hour\(amount == 1 ? "" : "s")"
        }
    }
}

/// A deadline clock: what starts, stops, pauses and extends it, how long it runs, and what
/// happens as it nears and when it passes.
public struct DeadlineRule: Hashable, Sendable, Codable {
    /// Where the clock starts: the starting event's time, or the registration's `receivedAt`
    /// (the regulation counts "自收到之日起").
    public enum Start: String, Hashable, Sendable, Codable, CaseIterable {
        case event
        case receivedAt = "received_at"
    }

    public var id: String
    public var label: String
    /// Event types that start, stop, pause and resume the clock.
    public var startsOn: [String]
    public var stopsOn: [String]
    public var pausesOn: [String]
    public var resumesOn: [String]
    /// The default amount and unit; `classes` override them by a case attribute.
    public var amount: Int
    public var unit: DeadlineUnit
    public var countsFromNextDay: Bool
    /// Warning this many units before it passes (0: none).
    public var warnBefore: Int
    /// `overdue_event`, `supervise` (督办), `escalate` (挂牌督办).
    public var onBreach: [String]
    /// The event type that extends it, and the most it may be extended by (same unit).
    public var extendedBy: String
    public var maxExtension: Int
    public var source: String
    public var startsFrom: Start
    /// How many times it may be extended (the regulation's "at most once" is 1).
    public var maxExtensions: Int
    /// The field of the extending event that holds the amount.
    public var extensionField: String
    /// `warning_event`, `urge` (催办).
    public var onWarning: [String]
    /// The case attribute that picks a class (`urgency`, `event_class`); empty for none.
    public var classBy: String
    public var classes: [DeadlineClass]
    /// True when the file said `unit: days` and the workflow's `days_mean` setting chose the unit.
    public var unitFromSetting: Bool

    public init(
        id: String, label: String, startsOn: [String], stopsOn: [String], pausesOn: [String] = [],
        resumesOn: [String] = [], amount: Int, unit: DeadlineUnit, countsFromNextDay: Bool = true,
        warnBefore: Int = 0, onBreach: [String] = ["overdue_event"], extendedBy: String = "",
        maxExtension: Int = 0, source: String = "", startsFrom: Start = .event, maxExtensions: Int = 1,
        extensionField: String = "extension", onWarning: [String] = ["warning_event"], classBy: String = "",
        classes: [DeadlineClass] = [], unitFromSetting: Bool = false
    ) {
        self.id = id
        self.label = label
        self.startsOn = startsOn
        self.stopsOn = stopsOn
        self.pausesOn = pausesOn
        self.resumesOn = resumesOn
        self.amount = amount
        self.unit = unit
        self.countsFromNextDay = countsFromNextDay
        self.warnBefore = warnBefore
        self.onBreach = onBreach
        self.extendedBy = extendedBy
        self.maxExtension = maxExtension
        self.source = source
        self.startsFrom = startsFrom
        self.maxExtensions = maxExtensions
        self.extensionField = extensionField
        self.onWarning = onWarning
        self.classBy = classBy
        self.classes = classes
        self.unitFromSetting = unitFromSetting
    }

    /// The actions `on_breach` may list.
    public static let breachActions = ["overdue_event", "supervise", "escalate"]
    /// The actions `on_warning` may list.
    public static let warningActions = ["warning_event", "urge"]

    /// The amount, unit, warning and extension limit for a case with these attributes.
    public func terms(classValue: String?) -> DeadlineTerms {
        let chosen = classValue.flatMap { value in classes.first { $0.value == value } }
        return DeadlineTerms(
            amount: chosen?.amount ?? amount, unit: chosen?.unit ?? unit,
            warnBefore: chosen?.warnBefore ?? warnBefore, maxExtension: chosen?.maxExtension ?? maxExtension,
            classValue: chosen?.value, classLabel: chosen?.label)
    }
}

/// One class of a per-class deadline (an urgency, an event class), keyed by its value of the
/// deadline's `classBy` attribute. Unset figures fall back to the deadline's own.
public struct DeadlineClass: Hashable, Sendable, Codable {
    public var value: String
    public var label: String
    public var amount: Int?
    public var unit: DeadlineUnit?
    public var warnBefore: Int?
    public var maxExtension: Int?

    public init(
        value: String, label: String, amount: Int? = nil, unit: DeadlineUnit? = nil, warnBefore: Int? = nil,
        maxExtension: Int? = nil
    ) {
        self.value = value
        self.label = label
        self.amount = amount
        self.unit = unit
        self.warnBefore = warnBefore
        self.maxExtension = maxExtension
    }
}

/// The figures one case's clock runs on, after its class is chosen.
public struct DeadlineTerms: Hashable, Sendable {
    public var amount: Int
    public var unit: DeadlineUnit
    public var warnBefore: Int
    public var maxExtension: Int
    public var classValue: String?
    public var classLabel: String?
}
