import Foundation
import GRDB

/// Search over the index `SQLiteSearchIndexer` keeps: FTS5 trigram for terms of 3+
/// characters, the short-token table for 1-2 characters and for org-scoped queries, every
/// candidate verified on its text (see docs/search.md).
///
/// Ranking: the newest `candidateWindow` matching cases (index order = registration order)
/// are scored and sorted; the next window starts below the oldest of them. Reading one
/// window costs the same whether a word matches ten cases or a million, where ranking every
/// match (bm25 over all rows) grows with the number of matches.
public struct SQLiteCaseSearch: CaseSearch {
    /// Matching cases ranked together; at least `Limits.maxPageSize`.
    public static let candidateWindow = 200

    private let pool: DatabasePool

    public init(store: SQLiteEventStore) {
        pool = store.indexPool
    }

    public func search(query text: String, filter: SearchFilter, pageSize: Int, after: SearchCursor?) async throws -> SearchPage {
        let query = try SearchQuery(text)
        let size = min(max(pageSize, 1), Limits.maxPageSize)
        if let scope = filter.visibleToOrgs, scope.isEmpty { return SearchPage(hits: [], next: nil) }
        let top = after?.windowTop ?? Int64.max
        let offset = after?.offset ?? 0
        let statement = Self.candidateSQL(query.plan(filter), filter)
        let matcher = SearchMatcher(query)
        return try await pool.read { db in
            let window = try Self.window(statement, below: top, matcher: matcher, db: db)
            let ranked = window.candidates.sorted { ($0.score, $0.docid) > ($1.score, $1.docid) }
            let shown = ranked.dropFirst(offset).prefix(size)
            let hits = try shown.map { candidate -> SearchHit in
                guard let row = try Row.fetchOne(
                    try db.cachedStatement(sql: "SELECT * FROM cases WHERE case_id = ?"), arguments: [candidate.caseID])
                else { throw StoreError(.corrupt, "search found case \(candidate.caseID) missing from the case list") }
                let caseRow = try SQLiteEventStore.caseRow(row, db: db)
                return SearchHit(
                    key: caseRow.key, score: candidate.score, snippet: candidate.snippet, matchedIn: candidate.matchedIn,
                    row: caseRow)
            }
            let next: SearchCursor?
            if offset + size < ranked.count {
                next = SearchCursor(windowTop: top, offset: offset + size)
            } else if window.more, let oldest = window.candidates.last {
                next = SearchCursor(windowTop: oldest.docid, offset: 0)
            } else {
                next = nil
            }
            return SearchPage(hits: hits, next: next)
        }
    }

    struct Candidate {
        var docid: Int64
        var caseID: String
        var score: Double
        var matchedIn: SearchField
        var snippet: String
    }

    struct Statement {
        var sql: String
        var arguments: [DatabaseValue]
    }

    /// The newest `candidateWindow` verified matches below `top`, newest first, and whether
    /// older ones exist.
    static func window(_ statement: Statement, below top: Int64, matcher: SearchMatcher, db: Database) throws -> (
        candidates: [Candidate], more: Bool
    ) {
        var candidates: [Candidate] = []
        var bound = top
        // One more than the window, to know whether another window follows.
        let wanted = candidateWindow + 1
        while candidates.count < wanted {
            let limit = wanted - candidates.count
            // Cached per connection: compiling the statement costs more than running it.
            let rows = try Row.fetchAll(
                try db.cachedStatement(sql: statement.sql),
                arguments: StatementArguments(statement.arguments + [bound.databaseValue, limit.databaseValue]))
            for row in rows {
                let docid: Int64 = row[0]
                bound = docid
                guard let match = matcher.match(subject: row[2], content: row[3], thread: row[4]) else { continue }
                candidates.append(
                    Candidate(docid: docid, caseID: row[1], score: match.score, matchedIn: match.matchedIn, snippet: match.snippet))
            }
            if rows.count < limit { break }
        }
        let more = candidates.count > candidateWindow
        return (Array(candidates.prefix(candidateWindow)), more)
    }

    /// Candidates in index order (newest first), below a bound, at most a limit (the last
    /// two arguments). The FTS table drives the join, so the scan stops at the limit.
    static func candidateSQL(_ plan: SearchQuery.Plan, _ filter: SearchFilter) -> Statement {
        let (table, match): (String, String)
        switch plan {
        case .trigram(let expression): (table, match) = ("search_trigram", expression)
        case .short(let expression): (table, match) = ("search_short", expression)
        }
        var clauses = ["f.\(table) MATCH ?"]
        var arguments: [DatabaseValue] = [match.databaseValue]
        func any(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            clauses.append("\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            arguments += values.map(\.databaseValue)
        }
        any("c.state", filter.states)
        any("c.workflow", filter.workflows)
        any("c.channel", filter.channels)
        any("c.org_id", filter.orgIDs)
        if let scope = filter.visibleToOrgs {
            clauses.append(
                "EXISTS (SELECT 1 FROM case_orgs co WHERE co.case_id = c.case_id AND co.org_id IN (\(scope.map { _ in "?" }.joined(separator: ","))))")
            arguments += scope.map(\.databaseValue)
        }
        if !filter.handlerID.isEmpty {
            clauses.append("c.handler_id = ?")
            arguments.append(filter.handlerID.databaseValue)
        }
        if let from = filter.createdFrom {
            clauses.append("c.created_ms >= ?")
            arguments.append(StoredCoding.milliseconds(from).databaseValue)
        }
        if let to = filter.createdTo {
            clauses.append("c.created_ms < ?")
            arguments.append(StoredCoding.milliseconds(to).databaseValue)
        }
        // The bound and the limit are the last two placeholders: `window` appends them per fetch.
        clauses.append("f.rowid < ?")
        let sql = """
            SELECT d.docid, d.case_id, d.subject, d.content, d.thread
            FROM \(table) f CROSS JOIN search_docs d CROSS JOIN cases c
            WHERE \(clauses.joined(separator: " AND ")) AND d.docid = f.rowid AND c.case_id = d.case_id
            ORDER BY f.rowid DESC LIMIT ?
            """
        return Statement(sql: sql, arguments: arguments)
    }
}
