import Foundation

/// The Chinese wording of deadline explanations: dates, times, spans and skipped days.
enum DeadlineText {
    /// "2025年1月27日".
    static func date(_ date: CivilDate) -> String { "\(date.year)年\(date.month)月\(date.day)日" }

    /// "2025年1月27日 10:05"; midnight is written as the end of the day before ("2025年1月26日 24:00").
    static func time(_ instant: Date, utcOffsetSeconds: Int) -> String {
        let day = CivilDate(instant: instant, utcOffsetSeconds: utcOffsetSeconds)
        let midnight = day.instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
        let minutes = Int(instant.timeIntervalSince(midnight) / 60)
        if minutes == 0, instant == midnight { return "\(date(day.adding(days: -1))) 24:00" }
        return "\(date(day)) \(pad(minutes / 60)):\(pad(minutes % 60))"
    }

    /// "2小时30分钟", "45分钟".
    static func minutes(_ total: Int) -> String {
        let hours = total / 60
        let rest = total % 60
        if hours == 0 { return "\(rest)分钟" }
        return rest == 0 ? "\(hours)小时" : "\(hours)小时\(rest)分钟"
    }

    /// "春节（法定节假日）", "周末", "调休上班日".
    static func kindName(_ day: SkippedDay) -> String {
        switch day.kind {
        case .holiday: return "\(day.name ?? "法定节假日")（法定节假日）"
        case .weekend: return "周末"
        case .workday: return "工作日"
        case .makeupWorkday: return "调休上班日"
        }
    }

    /// Consecutive skipped days of the same kind and name as ranges:
    /// "2025年1月28日至2025年2月4日 春节（法定节假日）、2025年2月15日至2025年2月16日 周末".
    static func skipped(_ days: [SkippedDay]) -> String {
        var runs: [(first: SkippedDay, last: SkippedDay)] = []
        for day in days {
            if let run = runs.last, run.last.date.adding(days: 1) == day.date, run.last.kind == day.kind,
                run.last.name == day.name
            {
                runs[runs.count - 1].last = day
            } else {
                runs.append((day, day))
            }
        }
        return runs.map { run in
            let span = run.first.date == run.last.date ? date(run.first.date) : "\(date(run.first.date))至\(date(run.last.date))"
            return "\(span) \(kindName(run.first))"
        }.joined(separator: "、")
    }

    /// "30日（自然日）", "15个工作日", "24小时", "4个工作时".
    static func amount(_ amount: Int, _ unit: DeadlineUnit) -> String {
        switch unit {
        case .calendarDays: return "\(amount)日（自然日）"
        default: return "\(amount)\(unit.chineseName)"
        }
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// The one-paragraph Chinese explanation every started clock carries.
struct DeadlineExplanation {
    var label: String
    var startLabel: String
    var startVersion: Int
    var startedAt: Date
    var registeredAt: Date?
    var source: String
    var terms: DeadlineTerms
    var classBy: String
    var unitFromSetting: Bool
    var countsFromNextDay: Bool
    var officeHours: OfficeHours
    var span: DeadlineCalculator.Span
    var utcOffsetSeconds: Int

    var text: String {
        var parts: [String] = []
        let start = DeadlineText.time(startedAt, utcOffsetSeconds: utcOffsetSeconds)
        if let registeredAt {
            let registered = DeadlineText.time(registeredAt, utcOffsetSeconds: utcOffsetSeconds)
            parts.append("「\(label)」自收到之日\(start)起算（第\(startVersion)个事件「\(startLabel)」登记于\(registered)）")
        } else {
            parts.append("「\(label)」自\(start)「\(startLabel)」（第\(startVersion)个事件）起算")
        }
        var rule = source.isEmpty ? "" : "依据\(source)，"
        rule += "限\(DeadlineText.amount(terms.amount, terms.unit))"
        var qualifiers: [String] = []
        if let value = terms.classValue { qualifiers.append("按\(classBy) = \(value)（\(terms.classLabel ?? value)）取时限") }
        if unitFromSetting { qualifiers.append("「日」按本流程 days_mean 设置计为\(terms.unit == .workingDays ? "工作日" : "自然日")") }
        if terms.unit.isDays { qualifiers.append(countsFromNextDay ? "开始之日不计入，自次日起算" : "开始之日计入") }
        if terms.unit == .workingHours { qualifiers.append("只计工作日办公时间 \(officeHours)") }
        if !qualifiers.isEmpty { rule += "（" + qualifiers.joined(separator: "；") + "）" }
        parts.append(rule)
        if terms.unit == .workingDays {
            if !span.skipped.isEmpty { parts.append("跳过非工作日：\(DeadlineText.skipped(span.skipped))") }
            if !span.makeups.isEmpty {
                parts.append("计入调休上班日：\(span.makeups.map(DeadlineText.date).joined(separator: "、"))")
            }
        }
        parts.append(contentsOf: span.notes)
        if let last = span.dueDate {
            parts.append("最后一日为\(DeadlineText.date(last))，至该日24:00届满")
        } else {
            parts.append("至\(DeadlineText.time(span.dueAt, utcOffsetSeconds: utcOffsetSeconds))届满")
        }
        return parts.joined(separator: "；") + "。"
    }
}
