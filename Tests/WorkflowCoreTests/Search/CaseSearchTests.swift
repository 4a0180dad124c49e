import Foundation
import Testing

@testable import WorkflowCore

/// What a search finds: Chinese text by 1, 2, 3 and 5 characters, in subject, content and
/// thread, with snippets, and with query text that looks like FTS syntax.
struct CaseSearchTests {
    @Test func queriesOfOneTwoThreeAndFiveCharactersFindExactlyTheCasesContainingThem() async throws {
        let harness = try SearchHarness()
        let noise = try await harness.register("a", subject: "噪音扰民", content: "幸福小区3栋楼下商铺夜间施工，噪音持续到凌晨。")
        let lamp = try await harness.register("b", subject: "路灯不亮", content: "解放路的路灯坏了半个月，晚上出行不安全。")
        let wages = try await harness.register("c", subject: "拖欠工资", content: "建筑公司拖欠农民工工资三个月。")
        try await harness.indexer.catchUp()

        // 1 character: trigram alone finds nothing this short.
        #expect(try await harness.found("噪") == numbers(noise))
        #expect(try await harness.found("路") == numbers(lamp))
        #expect(try await harness.found("工") == numbers(noise, wages))
        #expect(try await harness.found("猫").isEmpty)
        // 2 characters.
        #expect(try await harness.found("路灯") == numbers(lamp))
        #expect(try await harness.found("施工") == numbers(noise))
        #expect(try await harness.found("工资") == numbers(wages))
        #expect(try await harness.found("灯路").isEmpty, "characters in the wrong order are not a match")
        #expect(try await harness.found("音扰民音").isEmpty)
        // 3 characters.
        #expect(try await harness.found("农民工") == numbers(wages))
        #expect(try await harness.found("半个月") == numbers(lamp))
        #expect(try await harness.found("三个月") == numbers(wages))
        #expect(try await harness.found("四个月").isEmpty)
        // 5 characters, including one spanning a digit.
        #expect(try await harness.found("幸福小区3") == numbers(noise))
        #expect(try await harness.found("拖欠农民工") == numbers(wages))
        #expect(try await harness.found("拖欠农民们").isEmpty)
        // Several terms: every one must occur; 1-2 character terms are checked beside longer ones.
        #expect(try await harness.found("路灯 半个月") == numbers(lamp))
        #expect(try await harness.found("路灯 三个月").isEmpty)
        #expect(try await harness.found("噪 凌晨") == numbers(noise))
        #expect(try await harness.found("工 三") == numbers(wages))
    }

    @Test func oneTermIsFoundInSubjectContentOrThreadAndTermsMayComeFromDifferentFields() async throws {
        let harness = try SearchHarness()
        let inSubject = try await harness.register("s", subject: "违章建筑举报", content: "楼顶私搭乱建。")
        let inContent = try await harness.register("c", subject: "安全隐患", content: "邻居在阳台搞违章建筑，存在隐患。")
        let inNote = try await harness.register("n", subject: "物业纠纷", content: "物业乱收费。")
        try await harness.note(inNote, "现场核实时发现另有违章建筑")
        let inReason = try await harness.register("r", subject: "道路破损", content: "路面坑洼。")
        try await harness.act(inReason, "accept")
        try await harness.act(inReason, "transfer", [Field("target_org", "org-b"), Field("reason", "涉及违章建筑，转城管处理")])
        let neither = try await harness.register("x", subject: "垃圾清运", content: "垃圾无人清运。")
        try await harness.note(neither, "已联系环卫")
        try await harness.indexer.catchUp()

        let hits = try await harness.all("违章建筑")
        #expect(Set(hits.map(\.key.caseNumber.description)) == numbers(inSubject, inContent, inNote, inReason))
        let fields = Dictionary(uniqueKeysWithValues: hits.map { ($0.key, $0.matchedIn) })
        #expect(fields[inSubject] == .subject)
        #expect(fields[inContent] == .content)
        #expect(fields[inNote] == .thread)
        #expect(fields[inReason] == .thread)
        // The subject is the strongest field: that case ranks first.
        #expect(hits.first?.key == inSubject)
        #expect(hits.first.map { $0.score > hits[1].score } == true)

        // One term in the subject, one in the content, one in the thread: the case matches.
        #expect(try await harness.found("物业 乱收费 现场核实") == numbers(inNote))
        #expect(try await harness.found("物业 违章 坑洼").isEmpty)
        // Enumerations and org ids are not thread text.
        #expect(try await harness.found("org-b").isEmpty)
        // The same words through a 2-character query.
        #expect(try await harness.found("违章") == numbers(inSubject, inContent, inNote, inReason))
    }

    @Test func snippetsWrapEveryMatchInBracketsAroundTheFirstMatch() async throws {
        let harness = try SearchHarness()
        let long = String(repeating: "前情说明，", count: 12) + "楼下商铺夜间施工，施工噪音持续到凌晨。" + String(repeating: "后续说明，", count: 20)
        let key = try await harness.register("a", subject: "夜间扰民", content: long)
        try await harness.note(key, "第一条\n跨行的备注：Wi-Fi 信号差")
        try await harness.indexer.catchUp()

        let hit = try #require(try await harness.all("施工").first)
        #expect(hit.matchedIn == .content)
        #expect(hit.snippet.hasPrefix("…"))
        #expect(hit.snippet.hasSuffix("…"))
        #expect(hit.snippet.contains("商铺夜间【施工】，【施工】噪音"))
        #expect(hit.snippet.count < long.count)

        let subject = try #require(try await harness.all("扰民").first)
        #expect(subject.matchedIn == .subject)
        #expect(subject.snippet == "夜间【扰民】")

        // Matches are case-insensitive; the snippet keeps the original text, on one line.
        let thread = try #require(try await harness.all("wi-fi 信号").first)
        #expect(thread.matchedIn == .thread)
        #expect(thread.snippet == "第一条 跨行的备注：【Wi-Fi】 【信号】差")
    }

    @Test func fts5SyntaxInTheQueryIsSearchedForAsText() async throws {
        let harness = try SearchHarness()
        let dash = try await harness.register("a", subject: "3-2号楼漏水", content: "楼上漏水。")
        let star = try await harness.register("b", subject: "门牌A*B", content: "门牌号写错。")
        let quote = try await harness.register("c", subject: "所谓\"整改\"没有落实", content: "整改流于形式。")
        let and = try await harness.register("d", subject: "Noise AND dust", content: "工地扬尘。")
        let paren = try await harness.register("e", subject: "NEAR(公园)施工", content: "公园旁施工。")
        try await harness.indexer.catchUp()

        #expect(try await harness.found("3-2") == numbers(dash))
        #expect(try await harness.found("-") == numbers(dash))
        #expect(try await harness.found("*") == numbers(star))
        #expect(try await harness.found("A*B") == numbers(star))
        #expect(try await harness.found("a*") == numbers(star))
        #expect(try await harness.found("\"") == numbers(quote))
        #expect(try await harness.found("\"整改\"") == numbers(quote))
        #expect(try await harness.found("\"整") == numbers(quote))
        #expect(try await harness.found("AND") == numbers(and))
        #expect(try await harness.found("and dust") == numbers(and))
        #expect(try await harness.found("OR").isEmpty)
        #expect(try await harness.found("NEAR(") == numbers(paren))
        #expect(try await harness.found("公园) OR").isEmpty)
        #expect(try await harness.found("subject:漏水").isEmpty)
        #expect(try await harness.found("漏水 -楼上") == [], "`-` is not NOT")
        #expect(try await harness.found("漏水 楼上") == numbers(dash))
    }

    @Test func aQueryOverTheLimitOrEmptyIsRejectedNamingTheField() async throws {
        let harness = try SearchHarness()
        let limit = Limits.queryCharacters
        await #expect(
            throws: CaseRejection.invalidField(
                field: "query", problem: "is \(limit + 1) characters, over the limit", limit: "\(limit) characters")
        ) {
            _ = try await harness.search.search(
                query: String(repeating: "噪", count: limit + 1), filter: SearchFilter(), pageSize: 20, after: nil)
        }
        await #expect(throws: CaseRejection.invalidField(field: "query", problem: "is required (at least 1 character)", limit: nil)) {
            _ = try await harness.search.search(query: " \u{3000} ", filter: SearchFilter(), pageSize: 20, after: nil)
        }
        // At the limit is fine.
        let page = try await harness.search.search(
            query: String(repeating: "噪", count: limit), filter: SearchFilter(), pageSize: 20, after: nil)
        #expect(page.hits.isEmpty)
    }

    @Test func pageTokensRoundTripAndForeignTokensAreRefused() {
        let cursor = SearchCursor(windowTop: 1234, offset: 40)
        #expect(SearchCursor(token: cursor.token) == cursor)
        #expect(SearchCursor(token: "not a token") == nil)
        #expect(SearchCursor(token: Data("s1.5.100000".utf8).base64EncodedString()) == nil)
        #expect(SearchCursor(token: Data("s1.-5.0".utf8).base64EncodedString()) == nil)
    }
}
