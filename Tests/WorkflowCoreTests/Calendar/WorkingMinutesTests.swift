import Foundation
import Testing

@testable import WorkflowCore

@Suite("Working minutes and office hours")
struct WorkingMinutesTests {
    static let china = 8 * 3600

    /// "2025-03-03 11:30" (or with ":SS") at +8.
    static func instant(_ text: String) throws -> Date {
        let parts = text.split(separator: " ")
        let date = try #require(CivilDate(String(parts[0])))
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        let base = date.instant(hour: clock[0], minute: clock[1], utcOffsetSeconds: china)
        return base.addingTimeInterval(clock.count > 2 ? Double(clock[2]) : 0)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let start: String
        let minutes: Int
        let result: String
        let why: String
        var testDescription: String { "\(start) + \(minutes) min = \(result): \(why)" }
    }

    static let standardRows: [Row] = [
        Row(start: "2025-03-03 11:30", minutes: 60, result: "2025-03-03 14:00", why: "across the lunch break"),
        Row(start: "2025-03-03 11:00", minutes: 60, result: "2025-03-03 12:00", why: "ends exactly at noon"),
        Row(start: "2025-03-03 12:15", minutes: 30, result: "2025-03-03 14:00", why: "starts in the lunch break"),
        Row(start: "2025-03-03 07:00", minutes: 30, result: "2025-03-03 09:30", why: "starts before office hours"),
        Row(start: "2025-03-03 17:00", minutes: 60, result: "2025-03-04 09:30", why: "across an evening"),
        Row(start: "2025-03-03 22:00", minutes: 60, result: "2025-03-04 10:00", why: "starts at night"),
        Row(start: "2025-03-03 09:00", minutes: 420, result: "2025-03-03 17:30", why: "one full working day"),
        Row(start: "2025-03-03 09:00", minutes: 421, result: "2025-03-04 09:01", why: "one minute more"),
        Row(start: "2025-03-07 17:00", minutes: 60, result: "2025-03-10 09:30", why: "across a weekend"),
        Row(start: "2025-03-08 10:00", minutes: 30, result: "2025-03-10 09:30", why: "starts on a Saturday"),
        Row(start: "2025-03-03 11:59:30", minutes: 1, result: "2025-03-03 13:30:30", why: "seconds carry over lunch"),
        // 国办发明电〔2024〕12号: 春节 2025-01-28…02-04.
        Row(start: "2025-01-27 17:00", minutes: 60, result: "2025-02-05 09:30", why: "across 春节 2025"),
        // 国办发明电〔2024〕12号: 2025-09-28 (Sun) is worked for 国庆节、中秋节.
        Row(start: "2025-09-26 16:30", minutes: 120, result: "2025-09-28 10:00", why: "into a make-up Sunday"),
        // 国办发明电〔2025〕7号: 国庆 2026-10-01…07, 10-10 (Sat) worked.
        Row(start: "2026-09-30 17:00", minutes: 480, result: "2026-10-09 09:30", why: "across 国庆 2026"),
        Row(start: "2026-10-09 17:00", minutes: 60, result: "2026-10-10 09:30", why: "into a make-up Saturday"),
        Row(start: "2025-03-03 10:00", minutes: 0, result: "2025-03-03 10:00", why: "zero minutes"),
        Row(start: "2025-03-08 10:00", minutes: 0, result: "2025-03-08 10:00", why: "zero minutes on a weekend"),
    ]

    @Test("standard office hours 09:00-12:00, 13:30-17:30", arguments: standardRows)
    func standardHours(_ row: Row) throws {
        let calendar = try WorkingCalendar.bundled()
        let result = try calendar.addingWorkingMinutes(
            row.minutes, to: try Self.instant(row.start), officeHours: .standard, utcOffsetSeconds: Self.china)
        #expect(result == (try Self.instant(row.result)))
    }

    @Test("the result is an absolute instant: 14:00 at +8 is 06:00Z")
    func absoluteInstant() throws {
        let calendar = try WorkingCalendar.bundled()
        let result = try calendar.addingWorkingMinutes(
            60, to: try Self.instant("2025-03-03 11:30"), officeHours: .standard, utcOffsetSeconds: Self.china)
        #expect(result == ISO8601DateFormatter().date(from: "2025-03-03T06:00:00Z"))
    }

    @Test("custom office hours")
    func customHours() throws {
        let calendar = try WorkingCalendar.bundled()
        let hours = try OfficeHours(parsing: "08:30-12:00,14:00-17:30")
        let result = try calendar.addingWorkingMinutes(
            30, to: try Self.instant("2025-03-03 12:30"), officeHours: hours, utcOffsetSeconds: Self.china)
        #expect(result == (try Self.instant("2025-03-03 14:30")))
        let allDay = try OfficeHours(parsing: "00:00-24:00")
        let overnight = try calendar.addingWorkingMinutes(
            120, to: try Self.instant("2025-03-07 23:00"), officeHours: allDay, utcOffsetSeconds: Self.china)
        #expect(overnight == (try Self.instant("2025-03-10 01:00")))
    }

    @Test("negative minutes and dates past the loaded years are errors")
    func errors() throws {
        let calendar = try WorkingCalendar.bundled()
        let start = try Self.instant("2026-12-31 17:00")
        let negative = try #require(throws: CalendarError.self) {
            try calendar.addingWorkingMinutes(-1, to: start, officeHours: .standard, utcOffsetSeconds: Self.china)
        }
        #expect(negative.code == .invalidArgument)
        let outside = try #require(throws: CalendarError.self) {
            try calendar.addingWorkingMinutes(60, to: start, officeHours: .standard, utcOffsetSeconds: Self.china)
        }
        #expect(outside.code == .dateOutsideLoadedYears)
        #expect(outside.message.hasPrefix("2027-01-01 is outside"))
    }

    @Test("parses office hours")
    func parsing() throws {
        #expect(try OfficeHours(parsing: "09:00-12:00,13:30-17:30") == .standard)
        #expect(try OfficeHours(parsing: " 09:00 - 12:00 , 13:30-17:30 ") == .standard)
        #expect(OfficeHours.standard.description == "09:00-12:00,13:30-17:30")
        #expect(OfficeHours.standard.minutesPerDay == 420)
        #expect(try OfficeHours(parsing: "08:00-12:00,12:00-18:00").minutesPerDay == 600)
        #expect(try OfficeHours(parsing: "00:00-24:00").description == "00:00-24:00")
    }

    @Test(
        "office hours parsing errors",
        arguments: [
            ("", "is not a window"), ("9:00-12:00", "is not a window"), ("09:00-12:00,", "is not a window"),
            ("09:00~12:00", "is not a window"), ("09:00–12:00", "is not a window"), ("09:60-10:00", "is not a window"),
            ("25:00-26:00", "is not a window"), ("24:30-24:45", "is not a window"), ("09:00", "is not a window"),
            ("12:00-09:00", "ends before it starts"), ("09:00-09:00", "ends before it starts"),
            ("09:00-12:00,11:00-13:00", "overlaps"), ("13:30-17:30,09:00-12:00", "overlaps"),
        ])
    func parsingErrors(_ text: String, _ fragment: String) throws {
        let error = try #require(throws: CalendarError.self) { try OfficeHours(parsing: text) }
        #expect(error.code == .invalidOfficeHours)
        #expect(error.message.contains(fragment), "\(error.message)")
    }
}
