extension WorkingCalendar {
    /// The `n`th working day after `date` (`date` itself is not counted), with the non-working
    /// days passed over and the make-up working days counted.
    ///
    /// A negative `n` counts backwards: the `|n|`th working day before `date`. `n == 0`
    /// returns `date` itself, whatever kind of day it is.
    /// ```swift
    /// // 2025: 春节 is 01-28…02-04; 01-26 (Sun) and 02-08 (Sat) are worked.
    /// try calendar.addingWorkingDays(5, to: CivilDate("2025-01-24")!).date   // 2025-02-07
    /// ```
    /// Throws `.dateOutsideLoadedYears` if the count runs past the loaded years.
    public func addingWorkingDays(_ n: Int, to date: CivilDate) throws(CalendarError) -> WorkingDayResult {
        let step = n < 0 ? -1 : 1
        var remaining = n.magnitude
        var current = date
        var skipped: [SkippedDay] = []
        var makeups: [CivilDate] = []
        while remaining > 0 {
            current = current.adding(days: step)
            let day = try day(current)
            if day.isWorkingDay {
                remaining -= 1
                if day.kind == .makeupWorkday { makeups.append(current) }
            } else {
                skipped.append(SkippedDay(date: current, kind: day.kind, name: day.name))
            }
        }
        return WorkingDayResult(date: current, skipped: skipped, makeupDaysCounted: makeups)
    }

    /// The number of working days in `(from, to]`: `from` is not counted, `to` is.
    /// Negative when `to` is before `from` (minus the count in `(to, from]`); 0 when equal.
    public func workingDays(from: CivilDate, to: CivilDate) throws(CalendarError) -> Int {
        if to < from { return -(try workingDays(from: to, to: from)) }
        var count = 0
        var current = from
        while current < to {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { count += 1 }
        }
        return count
    }
}
