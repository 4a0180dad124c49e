import Foundation

/// Working-time arithmetic the deadline engine needs beyond the calendar's own: time spent
/// inside office hours between two instants, and counting working minutes backwards.
extension WorkingCalendar {
    /// Seconds inside `officeHours` on working days between `start` and `end` (0 if `end <= start`).
    func workingSeconds(
        from start: Date, to end: Date, officeHours: OfficeHours, utcOffsetSeconds: Int
    ) throws(CalendarError) -> TimeInterval {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        var date = CivilDate(instant: start, utcOffsetSeconds: utcOffsetSeconds)
        let last = CivilDate(instant: end, utcOffsetSeconds: utcOffsetSeconds)
        while date <= last {
            if try isWorkingDay(date) {
                let midnight = date.instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
                for window in officeHours.windows {
                    let open = max(start, midnight.addingTimeInterval(Double(window.start * 60)))
                    let close = min(end, midnight.addingTimeInterval(Double(window.end * 60)))
                    if close > open { total += close.timeIntervalSince(open) }
                }
            }
            date = date.adding(days: 1)
        }
        return total
    }

    /// The instant `minutes` working minutes before `instant` (the mirror of
    /// `addingWorkingMinutes`): a warning "4 working hours before" a working-hours due time.
    func subtractingWorkingMinutes(
        _ minutes: Int, from instant: Date, officeHours: OfficeHours, utcOffsetSeconds: Int
    ) throws(CalendarError) -> Date {
        if minutes <= 0 { return instant }
        var remaining = Double(minutes) * 60
        var date = CivilDate(instant: instant, utcOffsetSeconds: utcOffsetSeconds)
        var limit = instant
        while true {
            if try isWorkingDay(date) {
                let midnight = date.instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
                for window in officeHours.windows.reversed() {
                    let open = midnight.addingTimeInterval(Double(window.start * 60))
                    let close = min(limit, midnight.addingTimeInterval(Double(window.end * 60)))
                    guard close > open else { continue }
                    let available = close.timeIntervalSince(open)
                    if remaining <= available { return close.addingTimeInterval(-remaining) }
                    remaining -= available
                }
            }
            date = date.adding(days: -1)
            limit = date.instant(hour: 24, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
        }
    }
}
