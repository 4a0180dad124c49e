/// The resident identity number (公民身份号码) of GB 11643-1999: 17 digits and a check
/// character computed with ISO 7064 MOD 11-2.
public enum ResidentID {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character for the first 17 digits, or nil if they are not 17 digits.
    public static func checkCharacter(for first17: some StringProtocol) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard first17.count == 17, digits.count == 17, first17.allSatisfy(\.isASCII) else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// True when the number has 18 characters and its check character matches.
    public static func isWellFormed(_ number: String) -> Bool {
        guard number.count == 18, let expected = checkCharacter(for: number.prefix(17)) else { return false }
        return number.last.map { $0.uppercased() == String(expected) } ?? false
    }
}
