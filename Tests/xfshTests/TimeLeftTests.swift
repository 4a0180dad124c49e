import Foundation
import SwiftProtobuf
import Testing
import WireProtocol

@testable import xfsh

struct TimeLeftTests {
    /// Weekends off; 2026-10-01..07 a holiday; 2026-10-10 (Saturday) a make-up working day.
    static func isWorkingDay(_ day: CivilDay) -> Bool {
        if day.year == 2026, day.month == 10, (1...7).contains(day.day) { return false }
        if day == CivilDay(year: 2026, month: 10, day: 10) { return true }
        let weekday = ((day.dayNumber % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday (4)
        return weekday != 0 && weekday != 6
    }

    static func instant(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    @Test func civilDaysCountAcrossMonthsAndYears() {
        #expect(CivilDay("2026-12-31")!.adding(days: 1) == CivilDay("2027-01-01"))
        #expect(CivilDay("2024-02-28")!.adding(days: 1).description == "2024-02-29")
        #expect(CivilDay("2026-02-30") == nil)
        #expect(CivilDay(instant: Self.instant("2026-11-21T16:00:00Z")).description == "2026-11-22", "Beijing is UTC+8")
    }

    @Test func workingDaysSkipWeekendsAndHolidaysAndCountMakeUpDays() async {
        // From Tuesday 2026-09-29 through Monday 2026-10-12: 9-30, 10-08, 10-09, 10-10 (make-up), 10-12.
        let count = await TimeLeft.workingDays(after: CivilDay("2026-09-29")!, through: CivilDay("2026-10-12")!) { Self.isWorkingDay($0) }
        #expect(count == 5)
    }

    @Test func thePhraseCountsToTheDayThatEndsAtTheDueInstant() async {
        var deadline = Xinfang_V1_Deadline()
        deadline.status = "running"
        // Due at 24:00 of Monday 2026-12-07 (Beijing), i.e. 2026-12-07T16:00Z.
        deadline.dueAt = Google_Protobuf_Timestamp(date: Self.instant("2026-12-07T16:00:00Z"))
        let now = Self.instant("2026-11-22T00:00:00Z")  // Sunday 08:00 in Beijing
        let phrase = await TimeLeft.phrase(for: deadline, now: now) { Self.isWorkingDay($0) }
        #expect(phrase == "还剩11个工作日")
        let late = await TimeLeft.phrase(for: deadline, now: Self.instant("2026-12-09T02:00:00Z")) { Self.isWorkingDay($0) }
        #expect(late == "已超期2个工作日")
    }

    @Test func theServersCountWinsWhenItStatesTheDueDate() async {
        var deadline = Xinfang_V1_Deadline()
        deadline.status = "running"
        deadline.dueDate = "2026-12-07"
        deadline.workingDaysLeft = 3
        deadline.dueAt = Google_Protobuf_Timestamp(date: Self.instant("2026-12-07T16:00:00Z"))
        let phrase = await TimeLeft.phrase(for: deadline, now: Self.instant("2026-12-02T00:00:00Z")) { _ in
            Issue.record("no calendar lookups when the server counted")
            return true
        }
        #expect(phrase == "还剩3个工作日")
    }

    @Test func hourClocksNearTheirEndSayHours() async {
        var deadline = Xinfang_V1_Deadline()
        deadline.status = "running"
        deadline.derivation.unit = "hours"
        deadline.dueAt = Google_Protobuf_Timestamp(date: Self.instant("2026-11-22T10:00:00Z"))
        #expect(await TimeLeft.phrase(for: deadline, now: Self.instant("2026-11-22T05:30:00Z")) { _ in true } == "还剩5小时")
    }
}
