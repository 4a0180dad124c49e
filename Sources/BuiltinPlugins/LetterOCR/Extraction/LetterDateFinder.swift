import Foundation

/// Finds the date a letter was written: `2026年3月5日`, `二〇二六年三月五日`, `2026-03-05`
/// or `2026.3.5`. The date on a line of its own (the signature's) wins; otherwise the last
/// date in the letter, with less confidence.
enum LetterDateFinder {
    static let arabicPattern = #"([0-9]{4}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?([日目曰])"#
    static let numericPattern = #"(?<![0-9])([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})(?![0-9])()"#
    static let chinesePattern = #"([〇零○O0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})([日目曰])"#

    static func find(in text: LetterText, excluding: [Range<Int>]) -> ExtractedField? {
        let matcher = PatternMatcher(text.characters)
        var found: [(range: Range<Int>, iso: String, exactDay: Bool)] = []
        for (pattern, chinese) in [(arabicPattern, false), (numericPattern, false), (chinesePattern, true)] {
            for match in matcher.matches(pattern) {
                guard let range = match[0], !excluding.contains(where: { $0.overlaps(range) }),
                      let y = match[1], let m = match[2], let d = match[3] else { continue }
                let parts = [y, m, d].map { text.string($0) }
                let numbers = chinese ? [chineseYear(parts[0]), chineseNumber(parts[1]), chineseNumber(parts[2])] : parts.map { Int($0) }
                guard let year = numbers[0], let month = numbers[1], let day = numbers[2], isCalendarDate(year, month, day) else { continue }
                let dayMark = match[4].map { text.string($0) } ?? ""
                found.append((range, String(format: "%04d-%02d-%02d", year, month, day), dayMark.isEmpty || dayMark == "日"))
            }
        }
        guard !found.isEmpty else { return nil }
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
        let alone = found.last { candidate in
            guard let line = text.line(containing: candidate.range.lowerBound) else { return false }
            let rest = text.string(line).replacingOccurrences(of: text.string(candidate.range), with: "")
            return rest.allSatisfy { $0.isWhitespace || "。.".contains($0) }
        }
        let chosen = alone ?? found.last!
        var confidence = text.confidence(chosen.range) * (alone == nil ? 0.7 : 1) * (chosen.exactDay ? 1 : 0.85)
        if found.count > 1, alone == nil { confidence *= 0.9 }
        return ExtractedField(chosen.iso, confidence: confidence, remark: alone == nil ? "未见单独成行的落款日期" : nil)
    }

    static func isCalendarDate(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        guard (1950...2100).contains(year), (1...12).contains(month), day >= 1 else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return false }
        return calendar.component(.day, from: date) == day
    }

    private static let digits: [Character: Int] = [
        "〇": 0, "零": 0, "○": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// 二〇二六 → 2026 (digit by digit).
    static func chineseYear(_ text: String) -> Int? {
        let values = text.compactMap { digits[$0] }
        guard values.count == text.count else { return nil }
        return values.reduce(0) { $0 * 10 + $1 }
    }

    /// 五 → 5, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31.
    static func chineseNumber(_ text: String) -> Int? {
        let characters = Array(text)
        guard let ten = characters.firstIndex(of: "十") else {
            return characters.count == 1 ? digits[characters[0]] : nil
        }
        let tens = ten == 0 ? 1 : (ten == 1 ? digits[characters[0]] : nil)
        let ones = ten == characters.count - 1 ? 0 : (ten == characters.count - 2 ? digits[characters[ten + 1]] : nil)
        guard let tens, let ones else { return nil }
        return tens * 10 + ones
    }
}
