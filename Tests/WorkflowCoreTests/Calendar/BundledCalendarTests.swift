import Foundation
import Testing

@testable import WorkflowCore

/// The shipped data, checked date by date against the State Council notices.
@Suite("Bundled holiday data")
struct BundledCalendarTests {
    static let n2024 = "国办发明电〔2023〕7号"
    static let n2025 = "国办发明电〔2024〕12号"
    static let n2026 = "国办发明电〔2025〕7号"

    struct Row: Sendable, CustomTestStringConvertible {
        let date: String
        let kind: DayKind
        let name: String?
        let notice: String
        init(_ date: String, _ kind: DayKind, _ name: String? = nil, _ notice: String) {
            self.date = date
            self.kind = kind
            self.name = name
            self.notice = notice
        }
        var testDescription: String { "\(date) \(kind.rawValue) \(name ?? "") (\(notice))" }
    }

    static let rows: [Row] = [
        // 2024
        Row("2024-01-01", .holiday, "元旦", n2024),
        Row("2024-02-04", .makeupWorkday, "春节", n2024),  // 星期日上班
        Row("2024-02-09", .workday, nil, n2024),  // 除夕: leave only "encouraged"
        Row("2024-02-10", .holiday, "春节", n2024),
        Row("2024-02-17", .holiday, "春节", n2024),
        Row("2024-02-18", .makeupWorkday, "春节", n2024),  // 星期日上班
        Row("2024-02-24", .weekend, nil, n2024),
        Row("2024-04-04", .holiday, "清明节", n2024),
        Row("2024-04-07", .makeupWorkday, "清明节", n2024),
        Row("2024-04-28", .makeupWorkday, "劳动节", n2024),
        Row("2024-05-11", .makeupWorkday, "劳动节", n2024),  // 星期六上班
        Row("2024-06-08", .weekend, nil, n2024),  // 端午 "与周末连休": an ordinary weekend
        Row("2024-06-10", .holiday, "端午节", n2024),
        Row("2024-09-14", .makeupWorkday, "中秋节", n2024),
        Row("2024-09-16", .holiday, "中秋节", n2024),
        Row("2024-09-29", .makeupWorkday, "国庆节", n2024),
        Row("2024-10-07", .holiday, "国庆节", n2024),
        Row("2024-10-08", .workday, nil, n2024),
        Row("2024-10-12", .makeupWorkday, "国庆节", n2024),
        Row("2024-10-13", .weekend, nil, n2024),
        Row("2024-12-31", .workday, nil, n2024),
        // 2025
        Row("2025-01-01", .holiday, "元旦", n2025),
        Row("2025-01-04", .weekend, nil, n2025),  // 元旦 "不调休"
        Row("2025-01-26", .makeupWorkday, "春节", n2025),  // 周日上班
        Row("2025-01-27", .workday, nil, n2025),
        Row("2025-01-28", .holiday, "春节", n2025),  // 除夕
        Row("2025-02-04", .holiday, "春节", n2025),  // 正月初七
        Row("2025-02-05", .workday, nil, n2025),
        Row("2025-02-08", .makeupWorkday, "春节", n2025),  // 周六上班
        Row("2025-02-09", .weekend, nil, n2025),
        Row("2025-04-06", .holiday, "清明节", n2025),
        Row("2025-04-07", .workday, nil, n2025),
        Row("2025-04-27", .makeupWorkday, "劳动节", n2025),
        Row("2025-05-05", .holiday, "劳动节", n2025),
        Row("2025-05-31", .holiday, "端午节", n2025),
        Row("2025-06-02", .holiday, "端午节", n2025),
        Row("2025-09-28", .makeupWorkday, "国庆节、中秋节", n2025),
        Row("2025-10-06", .holiday, "国庆节、中秋节", n2025),  // 中秋 itself
        Row("2025-10-08", .holiday, "国庆节、中秋节", n2025),
        Row("2025-10-09", .workday, nil, n2025),
        Row("2025-10-11", .makeupWorkday, "国庆节、中秋节", n2025),
        Row("2025-10-12", .weekend, nil, n2025),
        // 2026
        Row("2026-01-01", .holiday, "元旦", n2026),
        Row("2026-01-03", .holiday, "元旦", n2026),
        Row("2026-01-04", .makeupWorkday, "元旦", n2026),  // 周日上班
        Row("2026-01-05", .workday, nil, n2026),
        Row("2026-02-14", .makeupWorkday, "春节", n2026),  // 周六上班
        Row("2026-02-15", .holiday, "春节", n2026),  // 腊月二十八
        Row("2026-02-23", .holiday, "春节", n2026),  // 正月初七
        Row("2026-02-24", .workday, nil, n2026),
        Row("2026-02-28", .makeupWorkday, "春节", n2026),
        Row("2026-03-01", .weekend, nil, n2026),
        Row("2026-04-06", .holiday, "清明节", n2026),
        Row("2026-05-05", .holiday, "劳动节", n2026),
        Row("2026-05-09", .makeupWorkday, "劳动节", n2026),
        Row("2026-06-19", .holiday, "端午节", n2026),
        Row("2026-09-20", .makeupWorkday, "国庆节", n2026),
        Row("2026-09-25", .holiday, "中秋节", n2026),
        Row("2026-09-27", .holiday, "中秋节", n2026),
        Row("2026-10-07", .holiday, "国庆节", n2026),
        Row("2026-10-08", .workday, nil, n2026),
        Row("2026-10-10", .makeupWorkday, "国庆节", n2026),
        Row("2026-10-11", .weekend, nil, n2026),
        Row("2026-12-31", .workday, nil, n2026),
    ]

    @Test("each listed date has the kind its notice gives", arguments: rows)
    func dayKinds(_ row: Row) throws {
        let calendar = try WorkingCalendar.bundled()
        let day = try calendar.day(try #require(CivilDate(row.date)))
        #expect(day.kind == row.kind)
        #expect(day.name == row.name)
        #expect(day.isWorkingDay == (row.kind == .workday || row.kind == .makeupWorkday))
        #expect(day.source.contains(row.notice))
        #expect(day.source.hasPrefix("国务院办公厅关于\(row.date.prefix(4))年部分节假日安排的通知"))
    }

    /// Totals counted from each notice's text: holidays (all days off, weekends of the run
    /// included), make-up days, and the year's working days (365/366 − weekends − weekday
    /// holidays + make-up days).
    @Test(
        "yearly totals match the notices",
        arguments: [(2024, 28, 8, 251, n2024), (2025, 28, 5, 248, n2025), (2026, 33, 6, 248, n2026)])
    func yearlyTotals(_ year: Int, _ holidays: Int, _ makeups: Int, _ workingDays: Int, _ notice: String) throws {
        let calendar = try WorkingCalendar.bundled()
        var counts: [DayKind: Int] = [:]
        var date = try #require(CivilDate(year: year, month: 1, day: 1))
        while date.year == year {
            counts[try calendar.day(date).kind, default: 0] += 1
            date = date.adding(days: 1)
        }
        #expect(counts[.holiday] == holidays)
        #expect(counts[.makeupWorkday] == makeups)
        #expect((counts[.workday] ?? 0) + (counts[.makeupWorkday] ?? 0) == workingDays)
    }

    @Test("loads from the module's resource bundle")
    func bundleResolves() throws {
        let directory = try #require(WorkingCalendar.bundledDirectory)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("2026.yaml").path))
        let calendar = try WorkingCalendar.bundled()
        #expect(calendar.loadedYears == 2024...2026)
        #expect(calendar.years.map(\.year) == [2024, 2025, 2026])
        #expect(calendar.years.allSatisfy { $0.url?.hasPrefix("https://www.gov.cn/") == true })
    }

    @Test("a date outside the loaded years is an error, never a guess")
    func outsideLoadedYears() throws {
        let calendar = try WorkingCalendar.bundled()
        let after = try #require(CivilDate("2027-01-04"))
        let before = try #require(CivilDate("2023-12-29"))
        let error = try #require(throws: CalendarError.self) { try calendar.day(after) }
        #expect(error.code == .dateOutsideLoadedYears)
        #expect(error.message == "2027-01-04 is outside the loaded calendar years 2024–2026")
        #expect(throws: CalendarError.self) { try calendar.isWorkingDay(before) }
    }
}
