/// What Tesseract read on one or more pages: the text, one confidence (0...1) per character.
///
/// The text is normalised as it is built: NFKC (full-width digits and colons become ASCII),
/// no spaces between Chinese characters, one line per text line.
struct RecognizedText: Sendable, Hashable {
    private(set) var characters: [Character] = []
    private(set) var confidences: [Double] = []

    init() {}

    /// Text whose every character has the same confidence (for tests and plain text).
    init(_ text: String, confidence: Double = 1) {
        append(text, confidence: confidence)
    }

    var text: String { String(characters) }
    var isEmpty: Bool { characters.isEmpty }

    /// The mean confidence of all characters but line breaks (0 when empty).
    var meanConfidence: Double {
        let values = zip(characters, confidences).filter { $0.0 != "\n" }.map(\.1)
        return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    mutating func append(_ text: String, confidence: Double) {
        for character in text.precomposedStringWithCompatibilityMapping {
            characters.append(character)
            confidences.append(confidence)
        }
    }

    mutating func append(_ other: RecognizedText) {
        characters += other.characters
        confidences += other.confidences
    }

    /// The lowest confidence of the characters in `range` (offsets into `characters`),
    /// 0 for an empty range.
    func confidence(of range: Range<Int>) -> Double {
        let clamped = range.clamped(to: 0..<characters.count)
        return clamped.isEmpty ? 0 : clamped.map { confidences[$0] }.min() ?? 0
    }
}
