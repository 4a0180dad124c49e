/// A query as typed, checked and split into terms. Every term must occur in the case
/// (in its subject, content or thread); whitespace separates terms. Nothing in the text is
/// syntax: quotes, `*`, `-`, `AND`, `OR`, `NEAR` and `:` are searched for as characters.
struct SearchQuery: Hashable, Sendable {
    /// The folded terms, each once, in the order typed.
    let terms: [[Unicode.Scalar]]

    /// - Throws: `CaseRejection.invalidField` naming `query` when it is empty or too long.
    init(_ text: String) throws(CaseRejection) {
        guard text.count <= Limits.queryCharacters else {
            throw .invalidField(
                field: "query", problem: "is \(text.count) characters, over the limit",
                limit: "\(Limits.queryCharacters) characters")
        }
        var terms: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if SearchText.isSpace(scalar) {
                if !current.isEmpty, !terms.contains(current) { terms.append(current) }
                current = []
            } else {
                current.append(SearchText.fold(scalar))
            }
        }
        if !current.isEmpty, !terms.contains(current) { terms.append(current) }
        guard !terms.isEmpty else {
            throw .invalidField(field: "query", problem: "is required (at least 1 character)", limit: nil)
        }
        self.terms = terms
    }

    /// Which index finds the candidates, and with what FTS5 expression.
    enum Plan: Hashable, Sendable {
        /// Every term has 3+ characters: all their trigrams must be present.
        case trigram(match: String)
        /// Some term has 1-2 characters: its token must be present, and every pair of adjacent
        /// characters of the longer terms.
        case short(match: String)
    }

    /// Trigrams when every term is long enough (the most selective tokens); otherwise one
    /// query on the short-token table, so FTS5 intersects all terms itself instead of the
    /// candidates of one term being checked for the others. Every candidate is verified.
    var plan: Plan {
        if terms.allSatisfy({ $0.count >= 3 }) {
            return .trigram(match: Self.expression(terms.flatMap { Self.grams(of: $0, length: 3) }))
        }
        let tokens = terms.flatMap { $0.count <= 2 ? [$0] : Self.grams(of: $0, length: 2) }
        return .short(match: Self.expression(tokens.map { Array(SearchText.shortToken($0).unicodeScalars) }))
    }

    private static func grams(of term: [Unicode.Scalar], length: Int) -> [[Unicode.Scalar]] {
        (0...(term.count - length)).map { Array(term[$0..<($0 + length)]) }
    }

    /// Every token required, each once, each a quoted string.
    private static func expression(_ tokens: [[Unicode.Scalar]]) -> String {
        var seen: Set<[Unicode.Scalar]> = []
        return tokens.filter { seen.insert($0).inserted }.map { SearchText.quoted($0) }.joined(separator: " AND ")
    }
}
