import Foundation

/// OCR text cut into lines, with helpers to find labelled values. Offsets are positions
/// in ``RecognizedText/characters``, so every value keeps its characters' confidences.
struct LetterText {
    let source: RecognizedText
    let characters: [Character]
    /// Each line's range of offsets (without its line break), empty lines left out.
    let lines: [Range<Int>]

    init(_ source: RecognizedText) {
        self.source = source
        characters = source.characters
        var lines: [Range<Int>] = []
        var start = 0
        for (index, character) in characters.enumerated() where character == "\n" {
            if index > start { lines.append(start..<index) }
            start = index + 1
        }
        if start < characters.count { lines.append(start..<characters.count) }
        let text = characters
        self.lines = lines.filter { range in range.contains { !text[$0].isWhitespace } }
    }

    func string(_ range: Range<Int>) -> String { String(characters[range]) }

    func confidence(_ range: Range<Int>) -> Double { source.confidence(of: range) }

    /// The first occurrence of any of `labels` at or after `from`, as the range of the label.
    func find(_ labels: [String], from: Int = 0, in range: Range<Int>? = nil) -> Range<Int>? {
        let scope = range ?? 0..<characters.count
        var best: Range<Int>?
        for label in labels {
            let needle = Array(label)
            guard !needle.isEmpty, scope.count >= needle.count else { continue }
            var index = max(from, scope.lowerBound)
            while index + needle.count <= scope.upperBound {
                if characters[index] == needle[0], Array(characters[index..<index + needle.count]) == needle {
                    if best == nil || index < best!.lowerBound || (index == best!.lowerBound && needle.count > best!.count) {
                        best = index..<index + needle.count
                    }
                    break
                }
                index += 1
            }
        }
        return best
    }

    /// The line that holds `offset`.
    func line(containing offset: Int) -> Range<Int>? { lines.first { $0.contains(offset) } }

    /// Skips spaces and a colon (any width) after a label.
    func skipSeparator(_ offset: Int, limit: Int) -> Int {
        var index = offset
        while index < limit, characters[index] == " " || characters[index] == ":" || characters[index] == "：" || characters[index] == "." {
            index += 1
        }
        return index
    }

    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
