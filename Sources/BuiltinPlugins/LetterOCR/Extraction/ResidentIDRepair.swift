import Foundation

/// Reads a 公民身份号码 (GB 11643-1999) out of OCR output: 17 digits and a check character
/// (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 indexes
/// `10X98765432`).
///
/// Letters OCR confuses with digits (O/0, l/1, I/1, S/5, B/8, Z/2, ...) are replaced only
/// when exactly one replacement gives a number whose check character and birth date are
/// right. A wrong digit is never guessed: any position can be changed to satisfy the check,
/// so such a number stays unverified for an operator.
enum ResidentIDRepair {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// What a confusable character may stand for.
    static let confusions: [Character: [Character]] = [
        "O": ["0"], "o": ["0"], "D": ["0"], "Q": ["0"], "U": ["0"], "〇": ["0"],
        "l": ["1"], "I": ["1"], "i": ["1"], "|": ["1"], "!": ["1"], "丨": ["1"], "L": ["1"],
        "Z": ["2"], "z": ["2"],
        "S": ["5"], "s": ["5"],
        "G": ["6"], "b": ["6"],
        "T": ["7"],
        "B": ["8"],
        "g": ["9", "8"], "q": ["9"],
    ]
    /// What may stand for the check character X.
    static let checkConfusions: [Character: [Character]] = ["x": ["X"], "×": ["X"], "K": ["X"], "Y": ["X"]]
    /// More combinations than this are not tried (the reading is then left unverified).
    static let maxCandidates = 256

    /// The check character for 17 digits, or nil if `first17` is not 17 ASCII digits.
    static func checkCharacter(for first17: some StringProtocol) -> Character? {
        guard first17.count == 17, first17.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let sum = zip(first17.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// True for 18 characters with the right check character and a possible birth date.
    static func isValid(_ number: String) -> Bool {
        guard number.count == 18, let expected = checkCharacter(for: number.prefix(17)), number.last == expected else { return false }
        return hasPlausibleBirthDate(number)
    }

    /// Positions 7–14 are the birth date (YYYYMMDD), between 1900 and today.
    static func hasPlausibleBirthDate(_ number: String) -> Bool {
        let digits = Array(number)
        guard digits.count >= 14, let year = Int(String(digits[6..<10])), let month = Int(String(digits[10..<12])),
              let day = Int(String(digits[12..<14])) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let components = DateComponents(year: year, month: month, day: day)
        guard year >= 1900, let date = calendar.date(from: components), date <= Date(),
              calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month else { return false }
        return true
    }

    /// The outcome of reading one 18-character candidate.
    enum Reading: Hashable, Sendable {
        /// Valid as read.
        case valid(String)
        /// Valid after replacing confusable letters; `replaced` counts them.
        case repaired(String, replaced: Int)
        /// Looks like an ID number but no single reading passes the check.
        case unverified
    }

    /// Reads `raw` (18 characters, possibly with confusable letters).
    static func read(_ raw: String) -> Reading {
        let characters = Array(raw)
        guard characters.count == 18 else { return .unverified }
        var options: [[Character]] = []
        for (index, character) in characters.enumerated() {
            let isCheck = index == 17
            if character.isASCII, character.isNumber {
                options.append([character])
            } else if isCheck, character == "X" {
                options.append(["X"])
            } else if let digits = confusions[character] {
                options.append(isCheck ? digits + (checkConfusions[character] ?? []) : digits)
            } else if isCheck, let check = checkConfusions[character] {
                options.append(check)
            } else {
                return .unverified
            }
        }
        let combinations = options.reduce(1) { $0 * $1.count }
        guard combinations <= maxCandidates else { return .unverified }
        var found: [String] = []
        var current: [Character] = []
        func walk(_ index: Int) {
            guard found.count < 2 else { return }
            if index == options.count {
                let candidate = String(current)
                if isValid(candidate) { found.append(candidate) }
                return
            }
            for option in options[index] {
                current.append(option)
                walk(index + 1)
                current.removeLast()
            }
        }
        walk(0)
        guard found.count == 1, let number = found.first else { return .unverified }
        let replaced = zip(characters, number).filter { $0 != $1 }.count
        return replaced == 0 ? .valid(number) : .repaired(number, replaced: replaced)
    }

    /// Characters that may be part of an ID number as OCR writes it.
    static func mayBelong(_ character: Character) -> Bool {
        (character.isASCII && character.isNumber) || character == "X" || confusions[character] != nil || checkConfusions[character] != nil
    }
}
