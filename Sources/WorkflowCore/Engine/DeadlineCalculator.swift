import Foundation

/// Due times for deadline clocks, computed with the working calendar. Pure: the calendar,
/// the UTC offset and the workflow's settings come in as values.
///
/// Day units run to the end (24:00) of the last day counted; hour units to the minute.
struct DeadlineCalculator {
    let calendar: WorkingCalendar
    let utcOffsetSeconds: Int
    let settings: WorkflowSettings

    /// A computed due time and what the count passed over.
    struct Span {
        var dueAt: Date
        /// The last day counted, for day units.
        var dueDate: CivilDate?
        var skipped: [SkippedDay] = []
        var makeups: [CivilDate] = []
        /// Sentences about roll-overs, in Chinese.
        var notes: [String] = []
    }

    func civil(_ instant: Date) -> CivilDate { CivilDate(instant: instant, utcOffsetSeconds: utcOffsetSeconds) }

    func endOfDay(_ date: CivilDate) -> Date { date.instant(hour: 24, minute: 0, utcOffsetSeconds: utcOffsetSeconds) }

    /// The due time of `amount` `unit` from `start`.
    func span(from start: Date, amount: Int, unit: DeadlineUnit, countsFromNextDay: Bool) throws(CalendarError) -> Span {
        noted(try countedSpan(from: start, amount: amount, unit: unit, countsFromNextDay: countsFromNextDay), unit: unit)
    }

    /// The due time after adding `amount` more `unit` to a clock due at `dueAt`.
    func extended(dueAt: Date, dueDate: CivilDate?, by amount: Int, unit: DeadlineUnit) throws(CalendarError) -> Span {
        noted(try countedExtension(dueAt: dueAt, dueDate: dueDate, by: amount, unit: unit), unit: unit)
    }

    /// The due time after a pause from `pausedAt` to `resumedAt`: the time paused is not
    /// counted. Day units give back every day the pause touched (both ends included);
    /// hour units the exact time (working hours: only time inside office hours).
    func resumed(
        dueAt: Date, dueDate: CivilDate?, pausedAt: Date, resumedAt: Date, unit: DeadlineUnit
    ) throws(CalendarError) -> (span: Span, given: Int, givenText: String) {
        let result = try countedResumption(dueAt: dueAt, dueDate: dueDate, pausedAt: pausedAt, resumedAt: resumedAt, unit: unit)
        return (noted(result.span, unit: unit), result.given, result.givenText)
    }

    /// A due time counted in a provisional calendar year (its holiday notice not yet loaded)
    /// says so in its explanation: the note stays with the deadline it explains.
    private func noted(_ span: Span, unit: DeadlineUnit) -> Span {
        let usesCalendar = unit == .workingDays || unit == .workingHours || (unit == .calendarDays && settings.rollOverNonWorkingEnd)
        let year = (span.dueDate ?? lastDay(of: span.dueAt)).year
        guard usesCalendar, year > calendar.loadedYears.upperBound else { return span }
        var span = span
        let note = "\(year)年国务院节假日安排尚未载入，期限暂按法定节日和周末计算（调休未知），以后载入通知不改变已算出的期限"
        if !span.notes.contains(note) { span.notes.append(note) }
        return span
    }

    private func countedSpan(from start: Date, amount: Int, unit: DeadlineUnit, countsFromNextDay: Bool) throws(CalendarError) -> Span {
        switch unit {
        case .hours:
            return Span(dueAt: start.addingTimeInterval(Double(amount) * 3600))
        case .workingHours:
            let due = try calendar.addingWorkingMinutes(
                amount * 60, to: start, officeHours: settings.officeHours, utcOffsetSeconds: utcOffsetSeconds)
            return Span(dueAt: due)
        case .calendarDays:
            let first = civil(start)
            let last = first.adding(days: countsFromNextDay ? amount : amount - 1)
            return try rolledOver(last)
        case .workingDays:
            let first = civil(start)
            let result: WorkingDayResult
            if !countsFromNextDay, try calendar.isWorkingDay(first) {
                // The starting day is working day 1.
                let rest = try calendar.addingWorkingDays(amount - 1, to: first)
                let firstKind = try calendar.day(first).kind
                result = WorkingDayResult(
                    date: rest.date, skipped: rest.skipped,
                    makeupDaysCounted: (firstKind == .makeupWorkday ? [first] : []) + rest.makeupDaysCounted)
            } else {
                result = try calendar.addingWorkingDays(amount, to: first)
            }
            return Span(
                dueAt: endOfDay(result.date), dueDate: result.date, skipped: result.skipped,
                makeups: result.makeupDaysCounted)
        }
    }

    /// A calendar-day limit ending on a non-working day moves to the next working day when
    /// the workflow says so (民法典第二百零三条).
    func rolledOver(_ last: CivilDate) throws(CalendarError) -> Span {
        var span = Span(dueAt: endOfDay(last), dueDate: last)
        guard settings.rollOverNonWorkingEnd else { return span }
        var day = last
        var passed: [SkippedDay] = []
        while true {
            let info = try calendar.day(day)
            if info.isWorkingDay { break }
            passed.append(SkippedDay(date: day, kind: info.kind, name: info.name))
            day = day.adding(days: 1)
        }
        guard day != last else { return span }
        span.dueAt = endOfDay(day)
        span.dueDate = day
        span.skipped = passed
        span.notes.append(
            "原最后一日\(DeadlineText.date(last))为\(DeadlineText.kindName(passed[0]))，"
                + "依《中华人民共和国民法典》第二百零三条顺延至其后第一个工作日\(DeadlineText.date(day))")
        return span
    }

    private func countedExtension(dueAt: Date, dueDate: CivilDate?, by amount: Int, unit: DeadlineUnit) throws(CalendarError) -> Span {
        switch unit {
        case .hours, .workingHours:
            return try span(from: dueAt, amount: amount, unit: unit, countsFromNextDay: true)
        case .calendarDays:
            return try rolledOver((dueDate ?? lastDay(of: dueAt)).adding(days: amount))
        case .workingDays:
            let result = try calendar.addingWorkingDays(amount, to: dueDate ?? lastDay(of: dueAt))
            return Span(
                dueAt: endOfDay(result.date), dueDate: result.date, skipped: result.skipped,
                makeups: result.makeupDaysCounted)
        }
    }

    private func countedResumption(
        dueAt: Date, dueDate: CivilDate?, pausedAt: Date, resumedAt: Date, unit: DeadlineUnit
    ) throws(CalendarError) -> (span: Span, given: Int, givenText: String) {
        switch unit {
        case .hours:
            let seconds = max(0, resumedAt.timeIntervalSince(pausedAt))
            return (Span(dueAt: dueAt.addingTimeInterval(seconds)), Int(seconds / 60), DeadlineText.minutes(Int(seconds / 60)))
        case .workingHours:
            let seconds = try calendar.workingSeconds(
                from: pausedAt, to: resumedAt, officeHours: settings.officeHours, utcOffsetSeconds: utcOffsetSeconds)
            let minutes = Int((seconds / 60).rounded(.up))
            let due = try calendar.addingWorkingMinutes(
                minutes, to: dueAt, officeHours: settings.officeHours, utcOffsetSeconds: utcOffsetSeconds)
            return (Span(dueAt: due), minutes, "\(DeadlineText.minutes(minutes))工作时间")
        case .calendarDays:
            let days = max(0, civil(pausedAt).days(to: civil(resumedAt)) + 1)
            let span = try rolledOver((dueDate ?? lastDay(of: dueAt)).adding(days: days))
            return (span, days, "\(days)日")
        case .workingDays:
            let days = max(0, try calendar.workingDays(from: civil(pausedAt).adding(days: -1), to: civil(resumedAt)))
            let result = try calendar.addingWorkingDays(days, to: dueDate ?? lastDay(of: dueAt))
            let span = Span(
                dueAt: endOfDay(result.date), dueDate: result.date, skipped: result.skipped,
                makeups: result.makeupDaysCounted)
            return (span, days, "\(days)个工作日")
        }
    }

    /// When to warn: `warnBefore` units before the due time (day units: at the start of the
    /// day from which `warnBefore` days remain). Nil for no warning or one before `startedAt`.
    func warnAt(dueAt: Date, dueDate: CivilDate?, warnBefore: Int, unit: DeadlineUnit, startedAt: Date) throws(CalendarError) -> Date? {
        guard warnBefore > 0 else { return nil }
        let warn: Date
        switch unit {
        case .hours:
            warn = dueAt.addingTimeInterval(-Double(warnBefore) * 3600)
        case .workingHours:
            warn = try calendar.subtractingWorkingMinutes(
                warnBefore * 60, from: dueAt, officeHours: settings.officeHours, utcOffsetSeconds: utcOffsetSeconds)
        case .calendarDays:
            let last = dueDate ?? lastDay(of: dueAt)
            warn = last.adding(days: 1 - warnBefore).instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
        case .workingDays:
            let last = dueDate ?? lastDay(of: dueAt)
            let day = try calendar.addingWorkingDays(-(warnBefore - 1), to: last).date
            warn = day.instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
        }
        return warn > startedAt ? warn : nil
    }

    private func lastDay(of dueAt: Date) -> CivilDate { civil(dueAt.addingTimeInterval(-1)) }
}
