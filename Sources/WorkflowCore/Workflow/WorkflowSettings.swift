/// The choices a regulation leaves open, as a workflow's `settings:`. Every key has the
/// regulation's reading as its default (docs/workflows.md says where each comes from).
public struct WorkflowSettings: Hashable, Sendable {
    /// 期间开始的当日不计入，自下一日开始计算 (民法典第二百零一条): day limits count from the
    /// day after the starting event. Key `counts_from_next_day`, default `true`.
    public var countsFromNextDay: Bool = true
    /// What a deadline written as `unit: days` (the regulation's plain 「日」) means. The 条例
    /// writes 「工作日」 where it means working days, so plain days are calendar days.
    /// Key `days_mean`, default `calendar_days`.
    public var daysMean: DeadlineUnit = .calendarDays
    /// 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日 (民法典第二百零三条):
    /// a calendar-day limit that ends on a non-working day moves to the next working day.
    /// Key `roll_over_non_working_end`, default `true`.
    public var rollOverNonWorkingEnd: Bool = true
    /// Office hours for `working_hours` clocks. Key `office_hours`, default 09:00-12:00,13:30-17:30.
    public var officeHours: OfficeHours = .standard
    /// The event after which the matter is finally decided (复核意见): a new petition on the
    /// same facts is not accepted again. Key `final_review_event`, default none.
    public var finalReviewEvent: String = ""

    public static let keys = [
        "counts_from_next_day", "days_mean", "roll_over_non_working_end", "office_hours", "final_review_event",
    ]

    public init() {}

    /// Parses a `settings:` mapping; the error names the key and says what it must be.
    public init(_ values: [String: String]) throws(SettingError) {
        for (key, value) in values {
            switch key {
            case "counts_from_next_day":
                countsFromNextDay = try Self.bool(value, key: key)
            case "roll_over_non_working_end":
                rollOverNonWorkingEnd = try Self.bool(value, key: key)
            case "days_mean":
                guard let unit = DeadlineUnit(rawValue: value), unit.isDays else {
                    throw SettingError(key: key, problem: "must be calendar_days or working_days, not `\(value)`")
                }
                daysMean = unit
            case "office_hours":
                do {
                    officeHours = try OfficeHours(parsing: value)
                } catch {
                    throw SettingError(key: key, problem: error.message)
                }
            case "final_review_event":
                finalReviewEvent = value
            default:
                throw SettingError(key: key, problem: "unknown setting; expected one of \(Self.keys.joined(separator: ", "))")
            }
        }
    }

    private static func bool(_ value: String, key: String) throws(SettingError) -> Bool {
        switch value {
        case "true": return true
        case "false": return false
        default: throw SettingError(key: key, problem: "must be true or false, not `\(value)`")
        }
    }

    public struct SettingError: Error, Hashable, Sendable {
        public var key: String
        public var problem: String
    }
}
