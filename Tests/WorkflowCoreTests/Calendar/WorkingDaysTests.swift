import Testing

@testable import WorkflowCore

@Suite("Adding working days")
struct WorkingDaysTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let start: String
        let n: Int
        let result: String
        /// Non-working days passed over, as "date kind".
        let skipped: [String]
        let makeups: [String]
        let notice: String
        var testDescription: String { "\(start) + \(n) working days = \(result) (\(notice))" }
    }

    /// "2025-01-28...2025-02-04 holiday" expands to one entry per day.
    static func days(_ spec: String) -> [String] {
        let parts = spec.split(separator: " ")
        let ends = parts[0].components(separatedBy: "...")
        guard ends.count == 2, var date = CivilDate(ends[0]), let last = CivilDate(ends[1]) else {
            return [spec]
        }
        var out: [String] = []
        while date <= last {
            out.append("\(date) \(parts[1])")
            date = date.adding(days: 1)
        }
        return out
    }

    static let spring2025 = days("2025-01-28...2025-02-04 holiday")
    static let national2024 = days("2024-10-01...2024-10-07 holiday")
    static let spring2026 = days("2026-02-15...2026-02-23 holiday")

    static let rows: [Row] = [
        // 国办发明电〔2024〕12号: 春节 01-28…02-04, 01-26 (Sun) and 02-08 (Sat) worked.
        Row(start: "2025-01-27", n: 1, result: "2025-02-05", skipped: spring2025, makeups: [], notice: "国办发明电〔2024〕12号"),
        Row(start: "2025-01-27", n: 5, result: "2025-02-10", skipped: spring2025 + ["2025-02-09 weekend"],
            makeups: ["2025-02-08"], notice: "国办发明电〔2024〕12号"),
        Row(start: "2025-01-24", n: 1, result: "2025-01-26", skipped: ["2025-01-25 weekend"],
            makeups: ["2025-01-26"], notice: "国办发明电〔2024〕12号"),
        Row(start: "2025-01-24", n: 5, result: "2025-02-07", skipped: ["2025-01-25 weekend"] + spring2025,
            makeups: ["2025-01-26"], notice: "国办发明电〔2024〕12号"),
        Row(start: "2025-01-28", n: 1, result: "2025-02-05", skipped: Array(spring2025.dropFirst()), makeups: [],
            notice: "国办发明电〔2024〕12号"),
        // 国办发明电〔2023〕7号: 国庆 10-01…10-07, 09-29 (Sun) and 10-12 (Sat) worked.
        Row(start: "2024-09-27", n: 1, result: "2024-09-29", skipped: ["2024-09-28 weekend"],
            makeups: ["2024-09-29"], notice: "国办发明电〔2023〕7号"),
        Row(start: "2024-09-27", n: 3, result: "2024-10-08", skipped: ["2024-09-28 weekend"] + national2024,
            makeups: ["2024-09-29"], notice: "国办发明电〔2023〕7号"),
        Row(start: "2024-09-27", n: 7, result: "2024-10-12", skipped: ["2024-09-28 weekend"] + national2024,
            makeups: ["2024-09-29", "2024-10-12"], notice: "国办发明电〔2023〕7号"),
        Row(start: "2024-09-27", n: 8, result: "2024-10-14",
            skipped: ["2024-09-28 weekend"] + national2024 + ["2024-10-13 weekend"],
            makeups: ["2024-09-29", "2024-10-12"], notice: "国办发明电〔2023〕7号"),
        // 国办发明电〔2025〕7号: 春节 02-15…02-23, 02-14 (Sat) and 02-28 (Sat) worked.
        Row(start: "2026-02-13", n: 1, result: "2026-02-14", skipped: [], makeups: ["2026-02-14"],
            notice: "国办发明电〔2025〕7号"),
        Row(start: "2026-02-13", n: 2, result: "2026-02-24", skipped: spring2026, makeups: ["2026-02-14"],
            notice: "国办发明电〔2025〕7号"),
        Row(start: "2026-02-10", n: 15, result: "2026-03-09",
            skipped: spring2026 + ["2026-03-01 weekend", "2026-03-07 weekend", "2026-03-08 weekend"],
            makeups: ["2026-02-14", "2026-02-28"], notice: "国办发明电〔2025〕7号"),
        // Across the new year: 2026 元旦 01-01…01-03, 01-04 (Sun) worked.
        Row(start: "2025-12-31", n: 1, result: "2026-01-04", skipped: days("2026-01-01...2026-01-03 holiday"),
            makeups: ["2026-01-04"], notice: "国办发明电〔2025〕7号"),
        // An ordinary week: no notice involved beyond the year's.
        Row(start: "2025-03-07", n: 1, result: "2025-03-10", skipped: ["2025-03-08 weekend", "2025-03-09 weekend"],
            makeups: [], notice: "国办发明电〔2024〕12号"),
        Row(start: "2025-03-08", n: 0, result: "2025-03-08", skipped: [], makeups: [], notice: "国办发明电〔2024〕12号"),
        // Backwards.
        Row(start: "2025-02-05", n: -1, result: "2025-01-27", skipped: spring2025.reversed(), makeups: [],
            notice: "国办发明电〔2024〕12号"),
        Row(start: "2025-02-05", n: -3, result: "2025-01-24",
            skipped: spring2025.reversed() + ["2025-01-25 weekend"], makeups: ["2025-01-26"],
            notice: "国办发明电〔2024〕12号"),
    ]

    @Test("result, skipped days and make-up days counted", arguments: rows)
    func addingWorkingDays(_ row: Row) throws {
        let calendar = try WorkingCalendar.bundled()
        let start = try #require(CivilDate(row.start))
        let result = try calendar.addingWorkingDays(row.n, to: start)
        #expect(result.date.description == row.result)
        #expect(result.skipped.map { "\($0.date) \($0.kind.rawValue)" } == row.skipped)
        #expect(result.makeupDaysCounted.map(\.description) == row.makeups)
        #expect(try calendar.workingDays(from: start, to: result.date) == row.n)
        if row.n != 0 { #expect(try calendar.isWorkingDay(result.date)) }
    }

    @Test("skipped holidays carry their names")
    func skippedNames() throws {
        let calendar = try WorkingCalendar.bundled()
        let result = try calendar.addingWorkingDays(1, to: try #require(CivilDate("2025-09-30")))
        #expect(result.date.description == "2025-10-09")
        #expect(Set(result.skipped.map(\.name)) == ["国庆节、中秋节"])
        #expect(result.skipped.count == 8)
    }

    @Test(
        "working days in (from, to]",
        arguments: [
            ("2025-01-27", "2025-02-10", 5), ("2024-09-27", "2024-10-12", 7), ("2024-10-12", "2024-09-27", -7),
            ("2026-02-15", "2026-02-15", 0), ("2026-02-14", "2026-02-23", 0), ("2026-02-13", "2026-02-14", 1),
            ("2025-12-31", "2026-12-31", 248),
        ])
    func countingWorkingDays(_ from: String, _ to: String, _ expected: Int) throws {
        let calendar = try WorkingCalendar.bundled()
        #expect(try calendar.workingDays(from: try #require(CivilDate(from)), to: try #require(CivilDate(to))) == expected)
    }

    @Test("counting past the loaded years throws instead of guessing")
    func pastTheLoadedYears() throws {
        let calendar = try WorkingCalendar.bundled()
        let lastWeek = try #require(CivilDate("2026-12-28"))
        let error = try #require(throws: CalendarError.self) { try calendar.addingWorkingDays(10, to: lastWeek) }
        #expect(error.code == .dateOutsideLoadedYears)
        #expect(error.message == "2027-01-01 is outside the loaded calendar years 2024–2026")
        let first = try #require(CivilDate("2024-01-02"))
        #expect(throws: CalendarError.self) { try calendar.addingWorkingDays(-2, to: first) }
    }
}
