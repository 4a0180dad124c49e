import Foundation
import Testing

@testable import WorkflowCore

/// Bad data files, each written to a fresh temporary directory: every error names the file
/// and the field.
@Suite("Calendar data files")
struct CalendarDataFileTests {
    /// A valid 2025 file (国办发明电〔2024〕12号, 春节 and 国庆 only) to break one rule at a time.
    static let valid = """
        year: 2025
        source: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）
        holidays:
          - name: 春节
            dates: [2025-01-28..2025-02-04]
          - name: 国庆节、中秋节
            dates: [2025-10-01..2025-10-08]
        makeup_workdays:
          - { date: 2025-01-26, serves: 春节 }
          - { date: 2025-02-08, serves: 春节 }
        """

    /// Writes `files` (name → text) into a new temporary directory and loads it.
    static func load(_ files: [String: String]) throws -> (URL, Result<WorkingCalendar, CalendarError>) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("xinfang-calendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        do throws(CalendarError) {
            return (directory, .success(try WorkingCalendar.load(directory: directory)))
        } catch {
            return (directory, .failure(error))
        }
    }

    @Test("a valid file loads")
    func validFile() throws {
        let (_, result) = try Self.load(["2025.yaml": Self.valid, "README.md": "not data"])
        let calendar = try result.get()
        #expect(calendar.loadedYears == 2025...2025)
        #expect(try calendar.day(try #require(CivilDate("2025-02-08"))).kind == .makeupWorkday)
        #expect(throws: CalendarError.self) { try calendar.day(CivilDate("2024-12-31")!) }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let file: String
        let text: String
        let field: String
        let fragment: String
        let rule: String
        var testDescription: String { rule }
    }

    static func replacing(_ old: String, _ new: String) -> String {
        precondition(valid.contains(old), "test fixture lacks \(old)")
        return valid.replacingOccurrences(of: old, with: new)
    }

    static let rows: [Row] = [
        Row(file: "2025.yaml", text: valid + "\nholiday: []", field: "holiday", fragment: "unknown key",
            rule: "unknown top-level key"),
        Row(file: "2025.yaml", text: replacing("    dates: [2025-01-28", "    date: [2025-01-28"),
            field: "holidays[0].date", fragment: "unknown key", rule: "unknown key in a holiday"),
        Row(file: "2025.yaml", text: replacing("serves: 春节 }\n  - { date: 2025-02-08", "serves: 春节, note: x }\n  - { date: 2025-02-08"),
            field: "makeup_workdays[0].note", fragment: "unknown key", rule: "unknown key in a make-up day"),
        Row(file: "2025.yaml", text: replacing("date: 2025-01-26", "date: 2025-01-27"),
            field: "makeup_workdays[0].date", fragment: "2025-01-27 is a Monday; a make-up working day must be a Saturday or Sunday",
            rule: "make-up day on a weekday"),
        Row(file: "2025.yaml", text: replacing("2025-01-28..2025-02-04", "2024-12-31..2025-01-02"),
            field: "holidays[0].dates[0]", fragment: "is not in 2025", rule: "holiday outside the file's year"),
        Row(file: "2025.yaml", text: replacing("date: 2025-02-08", "date: 2024-02-04"),
            field: "makeup_workdays[1].date", fragment: "2024-02-04 is not in 2025", rule: "make-up day outside the file's year"),
        Row(file: "2025.yaml", text: replacing("date: 2025-02-08", "date: 2025-02-01"),
            field: "makeup_workdays[1].date", fragment: "both a make-up working day and a day of 春节",
            rule: "date both holiday and make-up day"),
        Row(file: "2025.yaml", text: replacing("date: 2025-02-08", "date: 2025-01-26"),
            field: "makeup_workdays[1].date", fragment: "listed twice", rule: "make-up day listed twice"),
        Row(file: "2025.yaml", text: replacing("2025-10-01..2025-10-08", "2025-02-04..2025-02-05"),
            field: "holidays[1].dates", fragment: "2025-02-04 is already a day of 春节", rule: "date in two holidays"),
        Row(file: "2025.yaml", text: replacing("date: 2025-02-08, serves: 春节", "date: 2025-02-08, serves: 春季"),
            field: "makeup_workdays[1].serves", fragment: "\"春季\" is not a holiday of this file",
            rule: "make-up day serves an unknown holiday"),
        Row(file: "2025.yaml", text: replacing("2025-01-28..2025-02-04", "2025-02-30"),
            field: "holidays[0].dates[0]", fragment: "\"2025-02-30\" is not a date", rule: "impossible date"),
        Row(file: "2025.yaml", text: replacing("2025-01-28..2025-02-04", "2025-02-04..2025-01-28"),
            field: "holidays[0].dates[0]", fragment: "ends before it starts", rule: "reversed range"),
        Row(file: "2025.yaml", text: replacing("2025-10-01..2025-10-08", "2025-10-01..2025-12-08"),
            field: "holidays[1].dates[0]", fragment: "spans more than 31 days", rule: "implausibly long range"),
        Row(file: "2025.yaml", text: replacing("date: 2025-01-26", "date: 2025/01/26"),
            field: "makeup_workdays[0].date", fragment: "\"2025/01/26\" is not a date", rule: "malformed make-up date"),
        Row(file: "2025.yaml", text: replacing("year: 2025", "year: 2024"),
            field: "year", fragment: "is 2024 but the file is named 2025.yaml", rule: "year differs from file name"),
        Row(file: "2025.yaml", text: replacing("year: 2025", "year: twenty"),
            field: "year", fragment: "\"twenty\" is not a year", rule: "year not a number"),
        Row(file: "2025.yaml", text: replacing("source: 国务院", "origin: 国务院"),
            field: "origin", fragment: "unknown key", rule: "misspelt source"),
        Row(file: "2025.yaml", text: valid.components(separatedBy: "makeup_workdays:")[0],
            field: "makeup_workdays", fragment: "is missing (write [] for none)", rule: "make-up list missing"),
        Row(file: "2025.yaml", text: replacing("source: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）\n", ""),
            field: "source", fragment: "is missing", rule: "source missing"),
        Row(file: "2025.yaml", text: replacing("  - name: 春节\n    dates: [2025-01-28..2025-02-04]", "  - name: 春节\n    dates: 2025-01-28"),
            field: "holidays[0].dates", fragment: "must be a list", rule: "dates not a list"),
        Row(file: "2025.yaml", text: "holidays: [", field: "(document)", fragment: "is not valid YAML",
            rule: "not YAML"),
        Row(file: "2025.yaml", text: "- 2025-01-01", field: "(document)", fragment: "must be a mapping",
            rule: "document is a list"),
        Row(file: "2025.yaml", text: "# nothing here\n", field: "(document)", fragment: "is empty", rule: "empty file"),
        Row(file: "calendar.yaml", text: valid, field: "(file name)", fragment: "must be the year it holds",
            rule: "file not named for its year"),
    ]

    @Test("each broken rule gives its own message naming file and field", arguments: rows)
    func invalidFile(_ row: Row) throws {
        let (directory, result) = try Self.load([row.file: row.text])
        guard case .failure(let error) = result else {
            Issue.record("\(row.rule): loaded without error")
            return
        }
        let path = directory.appendingPathComponent(row.file).path
        #expect(error.code == .invalidDataFile)
        #expect(error.file == path)
        #expect(error.field == row.field, "\(error.message)")
        #expect(error.message.hasPrefix("\(path): \(row.field): "), "\(error.message)")
        #expect(error.message.contains(row.fragment), "\(error.message)")
    }

    @Test("a directory without files, or with a gap between years, is not a calendar")
    func missingData() throws {
        let (_, empty) = try Self.load([:])
        #expect(throws: CalendarError.self) { try empty.get() }
        if case .failure(let error) = empty { #expect(error.code == .dataNotFound) }

        func minimal(_ year: Int) -> String {
            "year: \(year)\nsource: test\nholidays:\n  - { name: 元旦, dates: [\(year)-01-01] }\nmakeup_workdays: []\n"
        }
        let (_, gap) = try Self.load(["2024.yaml": minimal(2024), "2026.yaml": minimal(2026)])
        guard case .failure(let error) = gap else {
            Issue.record("a gap between 2024 and 2026 loaded")
            return
        }
        #expect(error.code == .dataNotFound)
        #expect(error.message.contains("2024.yaml and 2026.yaml but not 2025.yaml"))

        let missing = URL(fileURLWithPath: "/nonexistent/xinfang-calendars")
        let error2 = try #require(throws: CalendarError.self) { try WorkingCalendar.load(directory: missing) }
        #expect(error2.code == .dataNotFound)
        #expect(error2.message.contains("/nonexistent/xinfang-calendars"))
    }

    @Test("years built in code are validated too")
    func inCodeValidation() throws {
        let saturday = try #require(CivilDate("2030-01-05"))
        let monday = try #require(CivilDate("2030-01-07"))
        let holiday = HolidayYear.Holiday(name: "元旦", dates: [try #require(CivilDate("2030-01-01"))])
        _ = try HolidayYear(
            year: 2030, source: "test", holidays: [holiday],
            makeupWorkdays: [HolidayYear.MakeupWorkday(date: saturday, serves: "元旦")])
        let error = try #require(throws: CalendarError.self) {
            try HolidayYear(
                year: 2030, source: "test", holidays: [holiday],
                makeupWorkdays: [HolidayYear.MakeupWorkday(date: monday, serves: "元旦")], file: "fixture")
        }
        #expect(error.message == "fixture: makeup_workdays[0].date: 2030-01-07 is a Monday; a make-up working day must be a Saturday or Sunday")
    }
}
