import Foundation

/// China's working-day calendar: weekends, public holidays and 调休 make-up working days,
/// from one data file per year (`Resources/calendars/YYYY.yaml`).
///
/// Pure and `Sendable`: it never reads the clock, and a date outside the loaded years is a
/// `CalendarError.Code.dateOutsideLoadedYears`, never a guess.
/// ```swift
/// let calendar = try WorkingCalendar.bundled()
/// try calendar.day(CivilDate("2025-01-26")!).kind          // .makeupWorkday (春节)
/// try calendar.addingWorkingDays(1, to: CivilDate("2025-01-27")!).date   // 2025-02-05
/// ```
public struct WorkingCalendar: Sendable {
    struct SpecialDay: Sendable, Hashable {
        let kind: DayKind
        let name: String
    }

    /// The years this calendar was built from, oldest first.
    public let years: [HolidayYear]
    /// The years with data; every date outside them throws.
    public let loadedYears: ClosedRange<Int>
    private let sources: [Int: String]
    private let special: [CivilDate: SpecialDay]

    /// A calendar from parsed years.
    ///
    /// - Precondition: `years` is non-empty, has no year twice and no gap (2024, 2026 without
    ///   2025). `load(directory:)` checks the same and throws instead.
    public init(years: [HolidayYear]) {
        let sorted = years.sorted { $0.year < $1.year }
        precondition(!sorted.isEmpty, "WorkingCalendar needs at least one year of data")
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            precondition(later.year == earlier.year + 1, "WorkingCalendar years must be distinct and contiguous")
        }
        var special: [CivilDate: SpecialDay] = [:]
        for year in sorted {
            for holiday in year.holidays {
                for date in holiday.dates { special[date] = SpecialDay(kind: .holiday, name: holiday.name) }
            }
            for makeup in year.makeupWorkdays {
                special[makeup.date] = SpecialDay(kind: .makeupWorkday, name: makeup.serves)
            }
        }
        self.years = sorted
        self.loadedYears = sorted[0].year...sorted[sorted.count - 1].year
        self.sources = Dictionary(uniqueKeysWithValues: sorted.map { ($0.year, $0.source) })
        self.special = special
    }

    /// What `date` is: workday, weekend, holiday or make-up working day, with its notice.
    public func day(_ date: CivilDate) throws(CalendarError) -> CalendarDay {
        guard let source = sources[date.year] else {
            let years =
                loadedYears.count == 1
                ? "year \(loadedYears.lowerBound)" : "years \(loadedYears.lowerBound)–\(loadedYears.upperBound)"
            throw CalendarError(
                code: .dateOutsideLoadedYears, message: "\(date) is outside the loaded calendar \(years)")
        }
        if let entry = special[date] {
            return CalendarDay(date: date, kind: entry.kind, name: entry.name, source: source)
        }
        return CalendarDay(date: date, kind: date.isWeekend ? .weekend : .workday, name: nil, source: source)
    }

    /// Whether `date` counts in working-day deadlines (a workday or a make-up working day).
    public func isWorkingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        try day(date).isWorkingDay
    }
}
