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

    /// Largest scope (orgs) intersected inside FTS5; a larger one is left to the SQL filter
    /// alone (such a scope is seldom selective).
    static let maxScopeTokens = 64

    /// Which index finds the candidates, and with what FTS5 expression.
    enum Plan: Hashable, Sendable {
        /// Every term has 3+ characters and no org scope: all their trigrams must be present.
        case trigram(match: String)
        /// Otherwise: each 1-2 character term's token, every pair of adjacent characters of
        /// the longer terms, and one of the scope's org tokens must be present.
        case short(match: String)
    }

    /// Trigrams when every term is long enough (the most selective tokens) and nothing scopes
    /// by org; otherwise one query on the short-token table, so FTS5 intersects all terms and
    /// the org scope itself instead of the SQL join checking candidates one by one (a scope
    /// that excludes most matches of a common word would scan them all). Every candidate is
    /// still verified on its text, and the SQL filters stay.
    func plan(_ filter: SearchFilter) -> Plan {
        var scopes: [[String]] = []
        for orgs in [filter.visibleToOrgs ?? [], filter.orgIDs] where (1...Self.maxScopeTokens).contains(orgs.count) {
            scopes.append(orgs)
        }
        if scopes.isEmpty, terms.allSatisfy({ $0.count >= 3 }) {
            return .trigram(match: Self.expression(terms.flatMap { Self.grams(of: $0, length: 3) }))
        }
        let tokens = terms.flatMap { $0.count <= 2 ? [$0] : Self.grams(of: $0, length: 2) }
        var match = Self.expression(tokens.map { Array(SearchText.shortToken($0).unicodeScalars) })
        for orgs in scopes {
            // The current org is always in the trail, so `orgIDs` can use the trail tokens too.
            let any = Set(orgs).sorted().map { SearchText.quoted(SearchText.orgToken($0).unicodeScalars) }
            match += " AND (" + any.joined(separator: " OR ") + ")"
        }
        return .short(match: match)
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
