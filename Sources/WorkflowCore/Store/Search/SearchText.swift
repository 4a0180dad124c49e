/// Text as the search index sees it. Everything works on Unicode scalars, each case-folded on
/// its own the way FTS5's trigram tokenizer folds, so a position in the folded text is the
/// same position in the original (snippets mark the original text).
enum SearchText {
    /// One scalar, lowercased when that gives one scalar (as FTS5 folds); others unchanged.
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return (0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : scalar
        }
        // Uncased scripts (CJK, kana, bopomofo, Yi, Hangul, compatibility ideographs) skip the
        // Unicode property lookup, which dominates otherwise.
        if (0x2E80..<0xA640).contains(value) || (0xAC00..<0xD800).contains(value) || (0xF900..<0xFB00).contains(value) {
            return scalar
        }
        if (0xFF21...0xFF3A).contains(value) { return Unicode.Scalar(value + 0x20)! }
        guard scalar.properties.changesWhenLowercased else { return scalar }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : scalar
    }

    static func folded(_ text: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.utf8.count / 2)
        for scalar in text.unicodeScalars { result.append(fold(scalar)) }
        return result
    }

    /// Query terms are split here; index tokens never span it.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value <= 0x20 || scalar.value == 0x7F) : scalar.properties.isWhitespace
    }

    /// The trigram table's text for a document: the tokenizer folds and splits it itself.
    /// Newlines separate the parts; query terms never contain one, so no match spans them.
    static func trigramBody(subject: String, content: String, thread: String) -> String {
        subject + "\n" + content + "\n" + thread
    }

    /// The short-query table's text for a document: every character and every pair of adjacent
    /// non-space characters, folded, each once, separated by spaces (FTS5's `ascii` tokenizer
    /// splits on them). Deterministic, so the same text can be given again to delete the row.
    /// Written as UTF-8 bytes: it runs for every indexed event, and per-token strings and
    /// arrays were most of the search indexer's own time.
    static func shortTokens(subject: String, content: String, thread: String, orgs: [String] = []) -> String {
        let length = subject.utf8.count + content.utf8.count + thread.utf8.count
        var seen = Set<UInt64>(minimumCapacity: length / 2)
        var output: [UInt8] = []
        output.reserveCapacity(length * 3 + orgs.count * 64)
        for org in orgs {
            if !output.isEmpty { output.append(0x20) }
            output.append(contentsOf: orgToken(org).utf8)
        }
        for part in [subject, content, thread] {
            var previous: Unicode.Scalar?
            for raw in part.unicodeScalars {
                if isSpace(raw) {
                    previous = nil
                    continue
                }
                let scalar = tokenScalar(fold(raw))
                if seen.insert(UInt64(scalar.value) | (0xFFFF_FFFF << 32)).inserted {
                    if !output.isEmpty { output.append(0x20) }
                    appendUTF8(scalar, to: &output)
                }
                if let previous, seen.insert(UInt64(scalar.value) | (UInt64(previous.value) << 32)).inserted {
                    if !output.isEmpty { output.append(0x20) }
                    appendUTF8(previous, to: &output)
                    appendUTF8(scalar, to: &output)
                }
                previous = scalar
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    @inline(__always)
    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case ..<0x80:
            output.append(UInt8(value))
        case ..<0x800:
            output.append(0xC0 | UInt8(value >> 6))
            output.append(0x80 | UInt8(value & 0x3F))
        case ..<0x10000:
            output.append(0xE0 | UInt8(value >> 12))
            output.append(0x80 | UInt8((value >> 6) & 0x3F))
            output.append(0x80 | UInt8(value & 0x3F))
        default:
            output.append(0xF0 | UInt8(value >> 18))
            output.append(0x80 | UInt8((value >> 12) & 0x3F))
            output.append(0x80 | UInt8((value >> 6) & 0x3F))
            output.append(0x80 | UInt8(value & 0x3F))
        }
    }

    /// The token a 1- or 2-character query term looks up in the short-query table.
    static func shortToken(_ term: [Unicode.Scalar]) -> String {
        var output = String.UnicodeScalarView()
        for scalar in term { output.append(tokenScalar(scalar)) }
        return String(output)
    }

    /// The token of an org in the case's trail: its id moved into the supplementary private-use
    /// plane between two markers, so no query text can match it and the scope filter can be
    /// intersected by FTS5 with the words (the SQL filter on `case_orgs` stays the exact one).
    static func orgToken(_ orgID: String) -> String {
        var output = String.UnicodeScalarView()
        output.append(orgMarker)
        for scalar in orgID.unicodeScalars { output.append(Unicode.Scalar(0xF0000 + min(scalar.value, 0xFFFD))!) }
        output.append(orgMarker)
        return String(output)
    }

    private static let orgMarker = Unicode.Scalar(0xFFFFD)!

    /// FTS5's `ascii` tokenizer splits on ASCII punctuation; moving it to the private-use
    /// area keeps `*`, `-` and quotes searchable as characters. (A collision with a real
    /// private-use character only adds a candidate, which verification drops.)
    @inline(__always)
    private static func tokenScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.isASCII else { return scalar }
        let value = scalar.value
        let alphanumeric = (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value)
        return alphanumeric ? scalar : Unicode.Scalar(0xE000 + value)!
    }

    /// A string as an FTS5 string literal: the tokenizer sees it as text, never as syntax
    /// (`AND`, `*`, `-`, `:` and quotes inside lose their meaning).
    static func quoted(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var output = String.UnicodeScalarView()
        output.append("\"")
        for scalar in scalars {
            output.append(scalar)
            if scalar == "\"" { output.append("\"") }
        }
        output.append("\"")
        return String(output)
    }
}
