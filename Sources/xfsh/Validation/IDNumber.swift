/// 公民身份号码 (GB 11643-1999): 17 digits, then a check character from ISO 7064 MOD 11-2.
enum IDNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character the first 17 digits call for.
    static func checkCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Nil when the number is well formed, else what is wrong with it (in Chinese).
    static func problem(_ text: String) -> String? {
        let number = text.uppercased()
        guard number.count == 18 else { return "应为18位（现为\(number.count)位）" }
        guard number.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }) else { return "前17位应为数字" }
        guard let last = number.last, last.isASCII, last.isNumber || last == "X" else { return "第18位应为数字或X" }
        let digits = Array(number)
        if let month = Int(String(digits[10...11])), let day = Int(String(digits[12...13])), let year = Int(String(digits[6...9])) {
            guard (1900...2100).contains(year), (1...12).contains(month), (1...31).contains(day),
                CivilDay(String(format: "%04d-%02d-%02d", year, month, day)) != nil
            else { return "出生日期 \(digits[6...13].map(String.init).joined()) 无效" }
        }
        let expected = checkCharacter(String(number.prefix(17)))
        guard expected == last else { return "校验位应为\(expected.map(String.init) ?? "?")" }
        return nil
    }
}

import Foundation
