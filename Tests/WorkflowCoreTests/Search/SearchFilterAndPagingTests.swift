import Foundation
import Testing

@testable import WorkflowCore

/// Filters joined from the case projections, scope by org trail, ranking and paging.
struct SearchFilterAndPagingTests {
    private let day: TimeInterval = 86_400

    @Test func filtersNarrowByStateChannelOrgScopeAndCreationDate() async throws {
        let harness = try SearchHarness()
        let t0 = StoreFixtures.now
        let a = try await harness.register("a", subject: "噪音投诉", channel: .visit, org: "org-a", at: t0)
        let b = try await harness.register("b", subject: "噪音投诉", channel: .letter, org: "org-a", at: t0 + day)
        let c = try await harness.register("c", subject: "噪音投诉", channel: .hotline12345, org: "org-b", at: t0 + 2 * day)
        let d = try await harness.register("d", subject: "噪音投诉", channel: .visit, org: "org-a", at: t0 + 3 * day)
        try await harness.act(b, "accept")
        try await harness.act(d, "accept")
        try await harness.act(d, "transfer", [Field("target_org", "org-c")])
        try await harness.indexer.catchUp()

        for query in ["噪音投诉", "噪音"] {
            var filter = SearchFilter()
            #expect(try await harness.found(query, filter: filter) == numbers(a, b, c, d))
            filter.states = ["accepted"]
            #expect(try await harness.found(query, filter: filter) == numbers(b, d))
            filter = SearchFilter()
            filter.channels = ["letter", "hotline12345"]
            #expect(try await harness.found(query, filter: filter) == numbers(b, c))
            filter = SearchFilter()
            filter.orgIDs = ["org-a"]
            #expect(try await harness.found(query, filter: filter) == numbers(a, b), "d is now with org-c")
            filter = SearchFilter()
            filter.visibleToOrgs = ["org-a"]
            #expect(try await harness.found(query, filter: filter) == numbers(a, b, d), "org-a keeps sight of what it transferred")
            filter.visibleToOrgs = ["org-c"]
            #expect(try await harness.found(query, filter: filter) == numbers(d))
            filter.visibleToOrgs = []
            #expect(try await harness.found(query, filter: filter).isEmpty)
            filter = SearchFilter()
            filter.createdFrom = t0 + day
            filter.createdTo = t0 + 3 * day
            #expect(try await harness.found(query, filter: filter) == numbers(b, c))
            filter.visibleToOrgs = ["org-a"]
            filter.states = ["registered", "accepted"]
            #expect(try await harness.found(query, filter: filter) == numbers(b))
        }
    }

    @Test func scopeTokensInTheIndexFollowTransfersThatCarryNoText() async throws {
        let harness = try SearchHarness()
        let moved = try await harness.register("m", subject: "井盖缺失", org: "org-a")
        let stayed = try await harness.register("s", subject: "井盖缺失", org: "org-a")
        try await harness.indexer.catchUp()
        var scope = SearchFilter()
        scope.visibleToOrgs = ["org-z"]
        #expect(try await harness.found("井盖缺失", filter: scope).isEmpty)

        try await harness.act(moved, "accept")
        try await harness.act(moved, "transfer", [Field("target_org", "org-z")])
        try await harness.indexer.catchUp()
        #expect(try await harness.found("井盖缺失", filter: scope) == numbers(moved))
        #expect(try await harness.found("井", filter: scope) == numbers(moved))
        var current = SearchFilter()
        current.orgIDs = ["org-a"]
        #expect(try await harness.found("井盖", filter: current) == numbers(stayed))
        // A scope too large to intersect inside FTS5 is applied by the SQL filter alone.
        scope.visibleToOrgs = ["org-z"] + (0..<SearchQuery.maxScopeTokens).map { "org-x\($0)" }
        #expect(try await harness.found("井盖缺失", filter: scope) == numbers(moved))
        // Org ids are not text: neither the ids nor the tokens made of them are found by words.
        #expect(try await harness.found("org-z").isEmpty)
        #expect(try await harness.found("z").isEmpty)
    }

    @Test func pagesRankWithinWindowsOfTheNewestMatchesAndNeverRepeat() async throws {
        let harness = try SearchHarness()
        let matching = SQLiteCaseSearch.candidateWindow + 30
        var keys: [CaseKey] = []
        for index in 0..<matching {
            // Every third case has the words in its subject, the rest in the content.
            let inSubject = index % 3 == 0
            keys.append(try await harness.register(
                "k\(index)", subject: inSubject ? "供暖不热 \(index)" : "室温问题 \(index)",
                content: inSubject ? "室内温度低。" : "暖气片冰凉，供暖不热。"))
            if index % 50 == 0 { try await harness.register("other\(index)", subject: "路灯不亮", content: "晚上很黑。") }
        }
        try await harness.indexer.catchUp()

        for query in ["供暖不热", "供暖"] {
            for pageSize in [20, 7, Limits.maxPageSize] {
                let hits = try await harness.all(query, pageSize: pageSize)
                #expect(hits.count == matching)
                #expect(Set(hits.map(\.key)).count == matching, "no case on two pages")
                // The first window is the newest `candidateWindow` cases, ranked; then the rest.
                let window = SQLiteCaseSearch.candidateWindow
                #expect(Set(hits.prefix(window).map(\.key)) == Set(keys.suffix(window)))
                for part in [Array(hits.prefix(window)), Array(hits.dropFirst(window))] {
                    #expect(zip(part, part.dropFirst()).allSatisfy { $0.score >= $1.score })
                    let firstContent = try #require(part.firstIndex { $0.matchedIn == .content })
                    #expect(part[..<firstContent].allSatisfy { $0.matchedIn == .subject })
                    #expect(part[firstContent...].allSatisfy { $0.matchedIn == .content })
                }
            }
        }
        let first = try await harness.search.search(query: "供暖不热", filter: SearchFilter(), pageSize: 20, after: nil)
        #expect(first.hits.count == 20)
        let token = try #require(first.next?.token)
        let second = try await harness.search.search(
            query: "供暖不热", filter: SearchFilter(), pageSize: 20, after: SearchCursor(token: token))
        #expect(Set(first.hits.map(\.key)).isDisjoint(with: second.hits.map(\.key)))
    }

    @Test func aFilterThatLeavesFewMatchesStillPagesToTheEnd() async throws {
        let harness = try SearchHarness()
        var wanted: Set<String> = []
        for index in 0..<(SQLiteCaseSearch.candidateWindow + 40) {
            let org = index % 40 == 0 ? "org-rare" : "org-a"
            let key = try await harness.register("k\(index)", subject: "油烟污染", org: org)
            if org == "org-rare" { wanted.insert(key.caseNumber.description) }
        }
        try await harness.indexer.catchUp()
        var filter = SearchFilter()
        filter.orgIDs = ["org-rare"]
        let hits = try await harness.all("油烟", filter: filter, pageSize: 2)
        #expect(Set(hits.map(\.key.caseNumber.description)) == wanted)
        #expect(hits.count == wanted.count)
    }
}
