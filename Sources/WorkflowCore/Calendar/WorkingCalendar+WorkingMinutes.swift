public import Foundation

extension WorkingCalendar {
    /// The instant `minutes` working minutes after `instant`, counting only minutes inside
    /// `officeHours` on working days (workdays and make-up working days) in the fixed
    /// `utcOffsetSeconds` (China: 28_800).
    ///
    /// Time before, between or after the windows, on weekends and on holidays does not count.
    /// A result that falls exactly at a window's end is that end (12:00, not 13:30).
    /// `minutes == 0` returns `instant` unchanged.
    /// ```swift
    /// // Friday 2025-09-26 16:30 + 120 working minutes: 60 on Friday, Sat 27 is a weekend,
    /// // Sun 28 is a make-up working day: 09:00 + 60 = 10:00 on 2025-09-28.
    /// ```
    /// Throws `.invalidArgument` for negative minutes and `.dateOutsideLoadedYears` if the
    /// count runs past the loaded years.
    public func addingWorkingMinutes(
        _ minutes: Int, to instant: Date, officeHours: OfficeHours, utcOffsetSeconds: Int
    ) throws(CalendarError) -> Date {
        guard minutes >= 0 else {
            throw CalendarError(code: .invalidArgument, message: "working minutes must not be negative (got \(minutes))")
        }
        if minutes == 0 { return instant }
        var remaining = Double(minutes) * 60
        var date = CivilDate(instant: instant, utcOffsetSeconds: utcOffsetSeconds)
        let midnight = date.instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
        // Seconds since local midnight of `date`; 0 on every later day.
        var cursor = instant.timeIntervalSince(midnight)
        while true {
            if try isWorkingDay(date) {
                let dayStart = date.instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
                for window in officeHours.windows {
                    let start = max(cursor, Double(window.start * 60))
                    let end = Double(window.end * 60)
                    guard start < end else { continue }
                    if remaining <= end - start {
                        return dayStart.addingTimeInterval(start + remaining)
                    }
                    remaining -= end - start
                    cursor = end
                }
            }
            date = date.adding(days: 1)
            cursor = 0
        }
    }
}
