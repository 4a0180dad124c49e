/// Verifies a candidate against the query, scores it and cuts its snippet. The indexes only
/// propose candidates; this decides, on the stored text, whether every term occurs.
struct SearchMatcher: Sendable {
    /// Scalars of context before the first match in a snippet.
    static let snippetLead = 16
    /// Scalars a snippet shows (more when a match runs past the end).
    static let snippetLength = 64

    /// How much a term counts in each field: the 事由 (subject) says what the case is about.
    static func weight(_ field: SearchField) -> Double {
        switch field {
        case .subject: return 3
        case .content: return 2
        case .thread: return 1
        }
    }

    struct Match: Sendable {
        var score: Double
        var matchedIn: SearchField
        var snippet: String
    }

    let terms: [[Unicode.Scalar]]

    init(_ query: SearchQuery) { terms = query.terms }

    /// nil when some term occurs in none of the fields.
    ///
    /// Score: for each term, the weight of the best field it occurs in (subject 3, content 2,
    /// thread 1), plus 0.1 for each further occurrence anywhere, at most 0.9 in all, so
    /// repetition never outweighs a better field.
    func match(subject: String, content: String, thread: String) -> Match? {
        let texts: [(SearchField, String)] = [(.subject, subject), (.content, content), (.thread, thread)]
        let folded = texts.map { SearchText.folded($0.1) }
        var score = 0.0
        var occurrences = 0
        var best: SearchField?
        for term in terms {
            var termBest: SearchField?
            for (index, (field, _)) in texts.enumerated() {
                let count = Self.ranges(of: term, in: folded[index]).count
                guard count > 0 else { continue }
                occurrences += count
                if termBest == nil || Self.weight(field) > Self.weight(termBest!) { termBest = field }
            }
            guard let termBest else { return nil }
            score += Self.weight(termBest)
            if best == nil || Self.weight(termBest) > Self.weight(best!) { best = termBest }
        }
        guard let best, let index = texts.firstIndex(where: { $0.0 == best }) else { return nil }
        score += Double(min(occurrences - terms.count, 9)) * 0.1
        let snippet = self.snippet(original: Array(texts[index].1.unicodeScalars), folded: folded[index])
        return Match(score: score, matchedIn: best, snippet: snippet)
    }

    /// A passage around the first match with every match in it wrapped in 【】.
    func snippet(original: [Unicode.Scalar], folded: [Unicode.Scalar]) -> String {
        var marks: [Range<Int>] = []
        for term in terms { marks += Self.ranges(of: term, in: folded) }
        marks.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for mark in marks {
            if let last = merged.last, mark.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, mark.upperBound)
            } else {
                merged.append(mark)
            }
        }
        guard let first = merged.first else { return "" }
        let start = max(0, first.lowerBound - Self.snippetLead)
        var end = min(original.count, start + Self.snippetLength)
        if let straddling = merged.first(where: { $0.lowerBound < end && $0.upperBound > end }) {
            end = straddling.upperBound
        }
        var output = String.UnicodeScalarView()
        if start > 0 { output.append("…") }
        var position = start
        for mark in merged where mark.lowerBound < end {
            appendPlain(original[position..<mark.lowerBound], to: &output)
            output.append("【")
            appendPlain(original[mark], to: &output)
            output.append("】")
            position = mark.upperBound
        }
        appendPlain(original[position..<end], to: &output)
        if end < original.count { output.append("…") }
        return String(output)
    }

    /// Thread entries are lines; a snippet is one line.
    private func appendPlain(_ scalars: ArraySlice<Unicode.Scalar>, to output: inout String.UnicodeScalarView) {
        for scalar in scalars { output.append(scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : scalar) }
    }

    /// Non-overlapping occurrences, left to right.
    static func ranges(of term: [Unicode.Scalar], in text: [Unicode.Scalar]) -> [Range<Int>] {
        guard !term.isEmpty, text.count >= term.count else { return [] }
        var result: [Range<Int>] = []
        var index = 0
        let last = text.count - term.count
        let head = term[0]
        while index <= last {
            if text[index] == head, text[index..<(index + term.count)].elementsEqual(term) {
                result.append(index..<(index + term.count))
                index += term.count
            } else {
                index += 1
            }
        }
        return result
    }
}
