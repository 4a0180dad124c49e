import Foundation

/// China's working-day calendar: weekends, public holidays and 调休 make-up working days,
/// from one data file per year (`Resources/calendars/YYYY.yaml`).
///
/// Pure and `Sendable`: it never reads the clock, and a date outside the loaded years is a
/// `CalendarError.Code.dateOutsideLoadedYears`, never a silent guess. The daemon allows one
/// *provisional* year after the last loaded one (`allowingProvisionalYears(1)`): the State
/// Council publishes a year's holidays only in the November or December before it, and a
/// 60-day limit started in autumn must still have a due date. Such a year counts Monday to
/// Friday as working days, and every day of it says so (`CalendarDay.provisional`), so the
/// deadlines computed with it carry a note until the year's notice is loaded.
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
    /// How many years after the loaded ones count provisionally (weekends only); 0: none.
    public private(set) var provisionalYears = 0
    private let sources: [Int: String]
    private let special: [CivilDate: SpecialDay]
    /// The statutory holidays of the provisional years.
    private var provisionalHolidays: [CivilDate: String] = [:]

    /// This calendar, counting up to `count` years after the loaded ones provisionally: the
    /// statutory holidays (`StatutoryHolidays`) and weekends are days off, every other day is
    /// worked, no 调休 is known, and each such day is marked provisional.
    public func allowingProvisionalYears(_ count: Int) -> WorkingCalendar {
        var copy = self
        copy.provisionalYears = max(0, count)
        copy.provisionalHolidays = [:]
        for year in loadedYears.upperBound + 1 ..< loadedYears.upperBound + 1 + copy.provisionalYears {
            copy.provisionalHolidays.merge(StatutoryHolidays.dates(in: year)) { $1 }
        }
        return copy
    }

    /// The source named by a provisional day.
    static func provisionalSource(_ year: Int) -> String {
        "\(year)年节假日安排尚未载入：暂按《全国年节及纪念日放假办法》第二条的法定节日和周末计算，调休待国务院通知（provisional）"
    }

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
            if date.year > loadedYears.upperBound, date.year <= loadedYears.upperBound + provisionalYears {
                let holiday = provisionalHolidays[date]
                return CalendarDay(
                    date: date, kind: holiday != nil ? .holiday : date.isWeekend ? .weekend : .workday, name: holiday,
                    source: Self.provisionalSource(date.year), provisional: true)
            }
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
