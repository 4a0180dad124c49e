import Foundation
import Testing
@testable import WorkflowCore

/// A year whose State Council notice is not loaded yet: the statutory holidays of
/// 《全国年节及纪念日放假办法》(2024年修订) 第二条 and the weekends, marked provisional.
struct ProvisionalYearTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let date: String
        let kind: DayKind
        let name: String?
        let article: String
        var testDescription: String { "\(date) \(name ?? kind.rawValue) (\(article))" }
    }

    /// 2027, computed: 除夕 is 2027-02-05, 清明 04-05, 端午 06-09, 中秋 09-15.
    static let rows: [Row] = [
        Row(date: "2027-01-01", kind: .holiday, name: "元旦", article: "第二条第一项 元旦，放假1天（1月1日）"),
        Row(date: "2027-02-05", kind: .holiday, name: "春节", article: "第二条第二项 春节，放假4天（农历除夕、正月初一至初三）"),
        Row(date: "2027-02-09", kind: .holiday, name: "春节", article: "第二条第二项 春节，正月初三"),
        Row(date: "2027-02-10", kind: .workday, name: nil, article: "第二条第二项 春节，初四起上班（调休未知）"),
        Row(date: "2027-04-05", kind: .holiday, name: "清明节", article: "第二条第三项 清明节，放假1天（农历清明当日）"),
        Row(date: "2027-05-01", kind: .holiday, name: "劳动节", article: "第二条第四项 劳动节，放假2天（5月1日、2日）"),
        Row(date: "2027-05-03", kind: .workday, name: nil, article: "第二条第四项 劳动节之后"),
        Row(date: "2027-06-09", kind: .holiday, name: "端午节", article: "第二条第五项 端午节，放假1天（农历端午当日）"),
        Row(date: "2027-09-15", kind: .holiday, name: "中秋节", article: "第二条第六项 中秋节，放假1天（农历中秋当日）"),
        Row(date: "2027-10-03", kind: .holiday, name: "国庆节", article: "第二条第七项 国庆节，放假3天（10月1日至3日）"),
        Row(date: "2027-10-04", kind: .workday, name: nil, article: "第二条第七项 国庆节之后（调休未知）"),
        Row(date: "2027-03-06", kind: .weekend, name: nil, article: "周六"),
    ]

    @Test("the provisional year's days", arguments: rows)
    func provisionalDay(_ row: Row) throws {
        let calendar = try WorkingCalendar.bundled().allowingProvisionalYears(1)
        let day = try calendar.day(try #require(CivilDate(row.date)))
        #expect(day.kind == row.kind)
        #expect(day.name == row.name)
        #expect(day.provisional)
        #expect(day.source.contains("尚未载入"))
    }

    @Test("the rule agrees with every loaded notice: each statutory day is a holiday there")
    func agreesWithLoadedNotices() throws {
        let calendar = try WorkingCalendar.bundled()
        for year in calendar.loadedYears where year >= 2025 {  // the 2024 revision applies from 2025
            for (date, name) in StatutoryHolidays.dates(in: year) {
                let day = try calendar.day(date)
                #expect(day.kind == .holiday, "\(date) \(name) is \(day.kind) in the \(year) notice")
                #expect(!day.provisional)
            }
        }
    }

    @Test("only the allowed years are provisional; beyond them, and by default, dates are refused")
    func limits() throws {
        let strict = try WorkingCalendar.bundled()
        let next = try #require(CivilDate("\(strict.loadedYears.upperBound + 1)-03-01"))
        let afterNext = try #require(CivilDate("\(strict.loadedYears.upperBound + 2)-03-01"))
        #expect(throws: CalendarError.self) { try strict.day(next) }
        let lenient = strict.allowingProvisionalYears(1)
        #expect(try lenient.day(next).provisional)
        let error = try #require(throws: CalendarError.self) { try lenient.day(afterNext) }
        #expect(error.code == .dateOutsideLoadedYears)
        #expect(try !lenient.day(try #require(CivilDate("2026-03-02"))).provisional)
    }

    @Test("a deadline running into the provisional year is computed and its explanation says so")
    func deadlineNote() throws {
        var decider = shippedDecider
        decider = CaseDecider(catalog: decider.catalog, calendar: decider.calendar.allowingProvisionalYears(1))
        let late = registration(workflow: "xinfang", receivedAt: "2026-12-25 09:00")
        let events = try decider.decide(.register(late), state: nil, actor: Staff.receptionist, now: at("2026-12-25 09:00"))
        let started = try #require(events.compactMap { event -> DeadlineRecord? in
            if case .deadline(let record) = event.payload, record.deadlineID == "intake" { return record }
            return nil
        }.first)
        // 15 days from 12-26: 2027-01-09 (Sat), rolled over to Mon 01-11 (元旦 01-01 is not the last day).
        #expect(started.derivation?.dueDate?.description == "2027-01-11")
        #expect(started.derivation?.explanation.contains("2027年国务院节假日安排尚未载入") == true)
    }
}
