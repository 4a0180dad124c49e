import Foundation
import Testing

@testable import WorkflowCore

@Suite("CivilDate")
struct CivilDateTests {
    @Test("parses valid dates", arguments: ["2026-10-01", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"])
    func parsesValid(_ text: String) throws {
        let date = try #require(CivilDate(text))
        #expect(date.description == text)
    }

    @Test(
        "rejects malformed or impossible text",
        arguments: [
            "2025-02-29", "1900-02-29", "2024-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
            "0000-01-01", "2026-1-01", "2026-01-1", " 2026-01-01", "2026-01-01 ", "2026/01/01", "20260101",
            "2026-01-01T00:00", "+026-01-01", "-026-01-01", "２０２６-01-01", "2026—01-01", "", "2026-10-0a",
        ])
    func rejectsInvalid(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test("init from parts checks the month length and leap years")
    func partsValidation() {
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2026, month: 12, day: 31) != nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test(
        "ISO weekday",
        arguments: [
            ("1970-01-01", 4), ("1969-12-31", 3), ("2000-02-29", 2), ("2024-01-01", 1), ("2025-01-26", 7),
            ("2025-02-08", 6), ("2026-10-01", 4), ("2026-02-15", 7), ("0001-01-01", 1),
        ])
    func weekday(_ text: String, _ expected: Int) throws {
        #expect(try #require(CivilDate(text)).weekday == expected)
    }

    @Test(
        "adding days and counting days",
        arguments: [
            ("2024-02-28", 1, "2024-02-29"), ("2025-02-28", 1, "2025-03-01"), ("2025-12-31", 1, "2026-01-01"),
            ("2026-01-01", -1, "2025-12-31"), ("2024-01-01", 366, "2025-01-01"), ("2026-10-01", 0, "2026-10-01"),
            ("1970-01-01", -1, "1969-12-31"), ("2025-01-28", 7, "2025-02-04"),
        ])
    func adding(_ start: String, _ days: Int, _ expected: String) throws {
        let from = try #require(CivilDate(start))
        let to = try #require(CivilDate(expected))
        #expect(from.adding(days: days) == to)
        #expect(from.days(to: to) == days)
        #expect(to.days(to: from) == -days)
    }

    @Test("orders chronologically")
    func ordering() throws {
        let texts = ["2026-01-01", "2025-12-31", "2025-02-01", "2025-01-31", "2024-12-01"]
        let sorted = texts.compactMap(CivilDate.init).sorted().map(\.description)
        #expect(sorted == ["2024-12-01", "2025-01-31", "2025-02-01", "2025-12-31", "2026-01-01"])
    }

    static let china = 8 * 3600

    @Test(
        "civil date of an instant at +8",
        arguments: [
            ("2026-09-30T16:00:00Z", china, "2026-10-01"), ("2026-09-30T15:59:59Z", china, "2026-09-30"),
            ("1969-12-31T20:00:00Z", china, "1970-01-01"), ("1969-12-31T20:00:00Z", 0, "1969-12-31"),
            ("2025-01-27T23:30:00Z", china, "2025-01-28"), ("2025-01-28T00:30:00Z", -5 * 3600, "2025-01-27"),
        ])
    func civilDateOfInstant(_ iso: String, _ offset: Int, _ expected: String) throws {
        let instant = try #require(ISO8601DateFormatter().date(from: iso))
        #expect(CivilDate(instant: instant, utcOffsetSeconds: offset).description == expected)
    }

    @Test("instant of a wall-clock time at +8")
    func instantOfWallClock() throws {
        let national = try #require(CivilDate("2026-10-01"))
        let formatter = ISO8601DateFormatter()
        #expect(national.instant(hour: 0, minute: 0, utcOffsetSeconds: Self.china) == formatter.date(from: "2026-09-30T16:00:00Z"))
        #expect(national.instant(hour: 9, minute: 30, utcOffsetSeconds: Self.china) == formatter.date(from: "2026-10-01T01:30:00Z"))
        #expect(national.instant(hour: 24, minute: 0, utcOffsetSeconds: Self.china) == formatter.date(from: "2026-10-01T16:00:00Z"))
        let back = national.instant(hour: 23, minute: 59, utcOffsetSeconds: Self.china)
        #expect(CivilDate(instant: back, utcOffsetSeconds: Self.china) == national)
    }

    @Test("codes as its YYYY-MM-DD string")
    func codable() throws {
        let date = try #require(CivilDate("2026-10-01"))
        let json = try JSONEncoder().encode([date])
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-10-01"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: json) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
