/// What a date is in the working calendar.
public enum DayKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// Monday to Friday, not a holiday.
    case workday
    /// Saturday or Sunday, not a make-up working day.
    case weekend
    /// A public holiday (法定节假日) or a day of its 调休 run, as the State Council notice lists it.
    case holiday
    /// A Saturday or Sunday worked in exchange for a holiday (调休上班).
    case makeupWorkday = "makeup_workday"

    /// Workdays and make-up workdays count in working-day deadlines.
    public var isWorkingDay: Bool { self == .workday || self == .makeupWorkday }
}

/// One date as the calendar sees it, with the notice that decided it.
public struct CalendarDay: Sendable, Hashable {
    public let date: CivilDate
    public let kind: DayKind
    /// The holiday's name, e.g. "国庆节"; for a make-up working day, the holiday it serves.
    public let name: String?
    /// The State Council notice for that year, e.g.
    /// "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）".
    public let source: String
    /// True for a day of a year whose notice is not loaded, counted as weekends only.
    public let provisional: Bool

    public init(date: CivilDate, kind: DayKind, name: String?, source: String, provisional: Bool = false) {
        self.date = date
        self.kind = kind
        self.name = name
        self.source = source
        self.provisional = provisional
    }

    /// Workday or make-up workday.
    public var isWorkingDay: Bool { kind.isWorkingDay }
}

/// A non-working day passed over while counting working days.
public struct SkippedDay: Sendable, Hashable, Codable {
    public let date: CivilDate
    public let kind: DayKind
    /// The holiday's name for `.holiday`; `nil` for an ordinary weekend.
    public let name: String?

    public init(date: CivilDate, kind: DayKind, name: String?) {
        self.date = date
        self.kind = kind
        self.name = name
    }
}

/// The result of counting working days, with what the count passed over, so a deadline
/// can be explained ("15 working days; skipped 春节 2025-01-28…2025-02-04; counted 2025-02-08").
public struct WorkingDayResult: Sendable, Hashable {
    /// The Nth working day.
    public let date: CivilDate
    /// Non-working days strictly between the start and `date`, in the order walked.
    public let skipped: [SkippedDay]
    /// Make-up working days among the N counted, in the order walked.
    public let makeupDaysCounted: [CivilDate]

    public init(date: CivilDate, skipped: [SkippedDay], makeupDaysCounted: [CivilDate]) {
        self.date = date
        self.skipped = skipped
        self.makeupDaysCounted = makeupDaysCounted
    }
}
