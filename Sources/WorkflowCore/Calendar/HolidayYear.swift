import Foundation

/// One year of China's public holidays and 调休 make-up working days: one parsed data file,
/// as decided by that year's State Council General Office notice.
///
/// The initializer enforces the rules every data file must keep (see `docs/calendar.md`):
/// every date is in `year`; a make-up working day is a Saturday or Sunday, serves a holiday
/// of the file, and is not also a holiday; no date is listed twice.
public struct HolidayYear: Sendable, Hashable {
    /// A named holiday and the days off the notice gives for it (weekend days of the run included).
    public struct Holiday: Sendable, Hashable {
        public let name: String
        public let dates: [CivilDate]

        public init(name: String, dates: [CivilDate]) {
            self.name = name
            self.dates = dates
        }
    }

    /// A Saturday or Sunday worked in exchange for a holiday (调休上班).
    public struct MakeupWorkday: Sendable, Hashable {
        public let date: CivilDate
        /// The name of the holiday this day is worked for, e.g. "春节".
        public let serves: String

        public init(date: CivilDate, serves: String) {
            self.date = date
            self.serves = serves
        }
    }

    public let year: Int
    /// The notice with its document number, e.g.
    /// "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）".
    public let source: String
    /// Where the notice was published, if the file says.
    public let url: String?
    public let holidays: [Holiday]
    public let makeupWorkdays: [MakeupWorkday]
    /// Where this year was read from ("2025.yaml", a path), for error messages.
    public let file: String

    /// Builds and validates a year; errors name `file` and the field (`holidays[0].dates`).
    public init(
        year: Int,
        source: String,
        url: String? = nil,
        holidays: [Holiday],
        makeupWorkdays: [MakeupWorkday],
        file: String = "<memory>"
    ) throws(CalendarError) {
        guard (1...9999).contains(year) else {
            throw .dataFile(file, "year", "\(year) is not a year between 1 and 9999")
        }
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .dataFile(file, "source", "must name the State Council notice and its document number")
        }
        var holidayNames: Set<String> = []
        var holidayDates: [CivilDate: String] = [:]
        for (index, holiday) in holidays.enumerated() {
            let field = "holidays[\(index)]"
            guard !holiday.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .dataFile(file, "\(field).name", "must not be empty")
            }
            guard holidayNames.insert(holiday.name).inserted else {
                throw .dataFile(file, "\(field).name", "\"\(holiday.name)\" is listed twice; give all its dates in one entry")
            }
            guard !holiday.dates.isEmpty else {
                throw .dataFile(file, "\(field).dates", "\(holiday.name) has no dates")
            }
            for date in holiday.dates {
                guard date.year == year else {
                    throw .dataFile(file, "\(field).dates", "\(date) is not in \(year)")
                }
                if let other = holidayDates[date] {
                    let problem = other == holiday.name ? "is listed twice" : "is already a day of \(other)"
                    throw .dataFile(file, "\(field).dates", "\(date) \(problem)")
                }
                holidayDates[date] = holiday.name
            }
        }
        var makeupDates: Set<CivilDate> = []
        for (index, makeup) in makeupWorkdays.enumerated() {
            let field = "makeup_workdays[\(index)]"
            let date = makeup.date
            guard date.year == year else {
                throw .dataFile(file, "\(field).date", "\(date) is not in \(year)")
            }
            guard date.isWeekend else {
                throw .dataFile(
                    file, "\(field).date",
                    "\(date) is a \(Self.weekdayName(date.weekday)); a make-up working day must be a Saturday or Sunday")
            }
            if let holiday = holidayDates[date] {
                throw .dataFile(file, "\(field).date", "\(date) is both a make-up working day and a day of \(holiday)")
            }
            guard makeupDates.insert(date).inserted else {
                throw .dataFile(file, "\(field).date", "\(date) is listed twice")
            }
            guard holidayNames.contains(makeup.serves) else {
                throw .dataFile(
                    file, "\(field).serves",
                    "\"\(makeup.serves)\" is not a holiday of this file (\(holidays.map(\.name).joined(separator: ", ")))")
            }
        }
        self.year = year
        self.source = source
        self.url = url
        self.holidays = holidays
        self.makeupWorkdays = makeupWorkdays
        self.file = file
    }

    static func weekdayName(_ weekday: Int) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday - 1]
    }
}
