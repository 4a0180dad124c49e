import Foundation

/// Regular-expression matches over a letter's characters, reported as character offsets
/// (so each match keeps its characters' OCR confidences).
struct PatternMatcher {
    private let string: String
    private let utf16ToCharacter: [Int]

    init(_ characters: [Character]) {
        string = String(characters)
        var map: [Int] = []
        map.reserveCapacity(characters.count + 1)
        for (index, character) in characters.enumerated() {
            for _ in 0..<character.utf16.count { map.append(index) }
        }
        map.append(characters.count)
        utf16ToCharacter = map
    }

    /// Every match of `pattern`: the whole match and its capture groups (nil when a group
    /// did not take part), as character ranges.
    func matches(_ pattern: String) -> [[Range<Int>?]] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let whole = NSRange(location: 0, length: (string as NSString).length)
        return expression.matches(in: string, range: whole).map { match in
            (0..<match.numberOfRanges).map { group in
                let range = match.range(at: group)
                guard range.location != NSNotFound else { return nil }
                return utf16ToCharacter[range.location]..<utf16ToCharacter[range.location + range.length]
            }
        }
    }
}
