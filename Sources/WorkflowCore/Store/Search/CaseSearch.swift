public import Foundation

/// Chinese full-text search over cases' subject, content and thread. Backend-neutral: the
/// SQLite implementation is `SQLiteCaseSearch`; a PostgreSQL one can follow.
///
/// Results are ranked within a bounded window of the newest matches (see docs/search.md):
/// each page is cheap however common the words are, and paging never repeats a case.
public protocol CaseSearch: Sendable {
    /// One page of cases in which every term of `query` occurs.
    ///
    /// - Parameters:
    ///   - query: words separated by spaces, 1 to `Limits.queryCharacters` characters.
    ///     Nothing in it is syntax: `"`, `*`, `-`, `AND` are searched for as written.
    ///   - filter: narrows the cases; empty parts do not filter.
    ///   - pageSize: 1 to `Limits.maxPageSize` (clamped).
    ///   - after: the cursor of the previous page; nil for the first.
    /// - Throws: `CaseRejection.invalidField` naming `query` (empty or too long).
    func search(query: String, filter: SearchFilter, pageSize: Int, after: SearchCursor?) async throws -> SearchPage
}

/// Which cases a search may return. Empty lists and nil dates do not filter.
public struct SearchFilter: Hashable, Sendable {
    /// State ids (`in_progress`, ...).
    public var states: [String] = []
    public var workflows: [String] = []
    /// Channel ids (`visit`, `hotline12345`, ...).
    public var channels: [String] = []
    /// Cases currently with one of these orgs.
    public var orgIDs: [String] = []
    /// Only cases whose org trail includes one of these orgs (the caller's scope, as
    /// `CaseListQuery.visibleToOrgs`); nil: no scope filter; empty: nothing is visible.
    public var visibleToOrgs: [String]?
    public var handlerID: String = ""
    /// Registered at or after this instant.
    public var createdFrom: Date?
    /// Registered before this instant.
    public var createdTo: Date?

    public init() {}
}

/// Where a term was found.
public enum SearchField: String, Hashable, Sendable, CaseIterable {
    /// 事由.
    case subject
    /// 诉求内容.
    case content
    /// Notes and the free-text fields of transitions (reason, reply, opinion, ...).
    case thread
}

/// One case found.
public struct SearchHit: Hashable, Sendable {
    public var key: CaseKey
    /// Relevance, higher first: per term the weight of the best field it occurs in
    /// (subject 3, content 2, thread 1), plus up to 0.9 for repeated occurrences.
    public var score: Double
    /// A short passage of `matchedIn` with each match wrapped in 【】 (one line).
    public var snippet: String
    /// The most telling field a term occurs in; the snippet comes from it.
    public var matchedIn: SearchField
    /// The case as the list projection shows it now.
    public var row: CaseRow

    public init(key: CaseKey, score: Double, snippet: String, matchedIn: SearchField, row: CaseRow) {
        self.key = key
        self.score = score
        self.snippet = snippet
        self.matchedIn = matchedIn
        self.row = row
    }
}

/// One page of hits, most relevant first, and where the next page starts.
public struct SearchPage: Hashable, Sendable {
    public var hits: [SearchHit]
    /// nil when there are no more hits.
    public var next: SearchCursor?

    public init(hits: [SearchHit], next: SearchCursor?) {
        self.hits = hits
        self.next = next
    }
}

/// Where the next page of a search starts: a window of matches (those below `windowTop` in
/// index order) and how many of its ranked hits were already shown. Opaque to callers; it
/// travels as `token`.
public struct SearchCursor: Hashable, Sendable {
    /// Exclusive upper bound of the window's documents.
    public var windowTop: Int64
    /// Hits of the window already returned.
    public var offset: Int

    public init(windowTop: Int64, offset: Int) {
        self.windowTop = windowTop
        self.offset = offset
    }

    /// The cursor as a page token.
    public var token: String { Data("s1.\(windowTop).\(offset)".utf8).base64EncodedString() }

    /// A cursor from a page token; nil when the token is not one `token` made.
    public init?(token: String) {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 3, parts[0] == "s1", let top = Int64(parts[1]), let offset = Int(parts[2]),
            top > 0, offset >= 0, offset < SQLiteCaseSearch.candidateWindow
        else { return nil }
        self.init(windowTop: top, offset: offset)
    }
}
