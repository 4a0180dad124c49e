import Foundation

/// A date on the site's calendar ("YYYY-MM-DD"), with day arithmetic.
struct CivilDay: Hashable, Comparable, CustomStringConvertible, Sendable {
    let year: Int
    let month: Int
    let day: Int

    /// China Standard Time: the sites xinfang serves keep it, and the server states civil
    /// dates in it.
    static let siteUTCOffsetSeconds = 8 * 3600

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init?(_ text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
        guard CivilDay(dayNumber: dayNumber) == self else { return nil }
    }

    init(instant: Date, utcOffsetSeconds: Int = siteUTCOffsetSeconds) {
        let seconds = Int((instant.timeIntervalSince1970).rounded(.down)) + utcOffsetSeconds
        self.init(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    func adding(days: Int) -> CivilDay { CivilDay(dayNumber: dayNumber + days) }

    static func < (left: CivilDay, right: CivilDay) -> Bool { left.dayNumber < right.dayNumber }

    var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}
