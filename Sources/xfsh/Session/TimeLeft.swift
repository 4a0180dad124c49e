import Foundation
import WireProtocol

/// How long a deadline has left, as operators say it: 还剩3个工作日, 今日到期, 已超期2个工作日.
enum TimeLeft {
    /// The most days counted one by one; further deadlines say so without counting.
    static let maxDaysCounted = 400

    /// Working days in (from, to]: the days after `from` up to and including `to`.
    static func workingDays(
        after from: CivilDay, through to: CivilDay, isWorkingDay: (CivilDay) async throws -> Bool
    ) async rethrows -> Int {
        var count = 0
        var day = from.adding(days: 1)
        var counted = 0
        while day <= to, counted < maxDaysCounted {
            if try await isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
            counted += 1
        }
        return count
    }

    /// The phrase for a deadline at `now`. Uses the server's `working_days_left` when it
    /// states the due date; otherwise counts on the server's calendar.
    static func phrase(
        for deadline: Xinfang_V1_Deadline, now: Date, isWorkingDay: (CivilDay) async throws -> Bool
    ) async rethrows -> String {
        switch deadline.status {
        case "running": break
        case "paused": return "期限暂停"
        case "met": return "已按期完成"
        case "breached": return "已超期"
        case "cancelled": return "期限已取消"
        default: return deadline.status
        }
        let dueAt = deadline.dueAt.date
        if ["hours", "working_hours"].contains(deadline.derivation.unit), abs(dueAt.timeIntervalSince(now)) < 48 * 3600 {
            let hours = Int((abs(dueAt.timeIntervalSince(now)) / 3600).rounded(.up))
            return dueAt >= now ? "还剩\(hours)小时" : "已超期\(hours)小时"
        }
        let today = CivilDay(instant: now)
        // A deadline due at 24:00 falls on the day that ends then, not on the next one.
        let due = CivilDay(deadline.dueDate) ?? CivilDay(instant: dueAt.addingTimeInterval(-0.001))
        if !deadline.dueDate.isEmpty {
            let left = Int(deadline.workingDaysLeft)
            if left > 0 { return "还剩\(left)个工作日" }
            if left == 0 { return dueAt >= now ? "今日到期" : "已超期" }
            return "已超期\(-left)个工作日"
        }
        if due == today { return dueAt >= now ? "今日到期" : "已超期" }
        if due > today {
            let left = try await workingDays(after: today, through: due, isWorkingDay: isWorkingDay)
            return left == 0 ? "下一工作日前到期" : "还剩\(left)个工作日"
        }
        let late = try await workingDays(after: due, through: today, isWorkingDay: isWorkingDay)
        return "已超期\(max(late, 1))个工作日"
    }

    /// The nearest running deadline of a case, if any.
    static func nearest(_ found: Xinfang_V1_Case) -> Xinfang_V1_Deadline? {
        let running = found.deadlines.filter { $0.status == "running" }
        if let first = running.min(by: { $0.dueAt.date < $1.dueAt.date }) { return first }
        return found.summary.hasNextDeadline ? found.summary.nextDeadline : nil
    }
}
