import Foundation

/// The public holidays fixed by law, for a year whose State Council notice is not loaded yet:
/// 《全国年节及纪念日放假办法》(2024年修订) 第二条 — 元旦 1月1日; 春节 农历除夕、正月初一至初三;
/// 清明节 农历清明当日; 劳动节 5月1日、2日; 端午节 农历端午当日; 中秋节 农历中秋当日;
/// 国庆节 10月1日至3日. The notice adds the 调休 runs and make-up working days, which no rule
/// predicts; a provisional year therefore knows these days and the weekends, nothing more.
///
/// Lunar dates come from Foundation's Chinese calendar (pure arithmetic, no clock); 清明 from
/// the sun's longitude reaching 15°, by the usual 21st-century formula.
enum StatutoryHolidays {
    /// The statutory holiday dates of `year` with their names.
    static func dates(in year: Int) -> [CivilDate: String] {
        var result: [CivilDate: String] = [:]
        func add(_ name: String, _ dates: [CivilDate?]) {
            for case let date? in dates { result[date] = name }
        }
        add("元旦", [CivilDate(year: year, month: 1, day: 1)])
        add("劳动节", [CivilDate(year: year, month: 5, day: 1), CivilDate(year: year, month: 5, day: 2)])
        add("国庆节", (1...3).map { CivilDate(year: year, month: 10, day: $0) })
        add("清明节", [qingming(year)])
        if let newYear = lunar(year, month: 1, day: 1) {
            add("春节", (-1...3).map { newYear.adding(days: $0) })
        }
        add("端午节", [lunar(year, month: 5, day: 5)])
        add("中秋节", [lunar(year, month: 8, day: 15)])
        return result
    }

    /// The Gregorian date of a lunar month and day in the Chinese year that begins in `year`.
    static func lunar(_ year: Int, month: Int, day: Int) -> CivilDate? {
        let zone = TimeZone(secondsFromGMT: 8 * 3600)!
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = zone
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        // Mid-year is always inside the Chinese year that began in this Gregorian year.
        guard let midYear = gregorian.date(from: DateComponents(year: year, month: 7, day: 1)) else { return nil }
        var components = chinese.dateComponents([.era, .year], from: midYear)
        components.month = month
        components.day = day
        components.isLeapMonth = false
        guard let instant = chinese.date(from: components) else { return nil }
        let parts = gregorian.dateComponents([.year, .month, .day], from: instant)
        guard let y = parts.year, let m = parts.month, let d = parts.day else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// 清明 (the sun at 15° longitude) in April: ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋, Y = year mod 100,
    /// for 2001–2099.
    static func qingming(_ year: Int) -> CivilDate? {
        guard (2001...2099).contains(year) else { return nil }
        let y = year % 100
        let day = Int((Double(y) * 0.2422 + 4.81).rounded(.down)) - y / 4
        return CivilDate(year: year, month: 4, day: day)
    }
}
