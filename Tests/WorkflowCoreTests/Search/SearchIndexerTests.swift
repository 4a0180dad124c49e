import Foundation
import GRDB
import Testing

@testable import WorkflowCore

/// The indexer follows the log from its stored cursor: behind it, never ahead, caught up
/// after a restart, and one document per case however many events it reads at once.
struct SearchIndexerTests {
    @Test func theIndexFollowsTheLogAndCatchesUpAfterTheStoreIsReopened() async throws {
        let path = StoreFixtures.temporaryDatabase()
        var early: [CaseKey] = []
        var late: [CaseKey] = []
        do {
            let harness = try SearchHarness(path: path)
            for index in 0..<5 { early.append(try await harness.register("e\(index)", subject: "停水停电 \(index)")) }
            try await harness.indexer.catchUp()
            #expect(try await harness.indexer.lag() == 0)
            for index in 0..<3 { late.append(try await harness.register("l\(index)", subject: "停水停电 迟到 \(index)")) }
            // Appended and acknowledged, not yet searchable: the index lags the log.
            #expect(try await harness.indexer.lag() == 3)
            #expect(try await harness.found("停水停电") == Set(early.map(\.caseNumber.description)))
            try harness.store.close()
        }

        let reopened = try SearchHarness(path: path)
        #expect(try await reopened.indexer.lag() == 3)
        #expect(try await reopened.found("停水") == Set(early.map(\.caseNumber.description)))
        #expect(try await reopened.indexer.catchUp() == 3)
        #expect(try await reopened.indexer.lag() == 0)
        #expect(try await reopened.found("停水停电") == Set((early + late).map(\.caseNumber.description)))
        #expect(try await reopened.found("迟到") == Set(late.map(\.caseNumber.description)))
        #expect(try await reopened.indexer.indexedPosition() == (try await reopened.store.headPosition()))
    }

    @Test(.timeLimit(.minutes(1)))
    func runIndexesNewEventsUntilCancelled() async throws {
        let harness = try SearchHarness()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await harness.indexer.run() }
            var keys: [CaseKey] = []
            for index in 0..<20 { keys.append(try await harness.register("k\(index)", subject: "占道经营 \(index)")) }
            try await harness.note(keys[0], "商贩已清理")
            // Wait for the index to reach the head (no timing is asserted, only the outcome).
            while try await harness.indexer.lag() > 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(try await harness.found("占道经营") == Set(keys.map(\.caseNumber.description)))
            #expect(try await harness.found("已清理") == numbers(keys[0]))
            group.cancelAll()
            try await group.waitForAll()
        }
        // After cancellation the loop has returned; new events wait for the next indexer.
        try await harness.register("after", subject: "占道经营 之后")
        #expect(try await harness.indexer.lag() == 1)
    }

    @Test func notesRewriteTheCaseDocumentOnceWhateverTheBatching() async throws {
        for batchSize in [1, 2, 256] {
            let harness = try SearchHarness()
            let indexer = SQLiteSearchIndexer(store: harness.store, batchSize: batchSize)
            let key = try await harness.register("k", subject: "房屋漏水", content: "楼上漏水导致天花板发霉。")
            try await harness.note(key, "第一次回访：仍在漏")
            try await indexer.catchUp()
            try await harness.note(key, "第二次回访：已维修")
            try await harness.note(key, "第三次回访：满意")
            try await harness.act(key, "accept", [Field("notice", "已受理并书面告知")])
            try await indexer.catchUp()

            #expect(try await harness.all("回访").map(\.key) == [key])
            for words in ["第一次回访", "已维修", "满意", "书面告知", "天花板"] {
                #expect(try await harness.found(words) == numbers(key), "\(words) with batches of \(batchSize)")
            }
            let documents = try await harness.store.indexPool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_docs") }
            #expect(documents == 1)
        }
    }

    @Test func resetAndCatchUpRebuildTheSameIndex() async throws {
        let harness = try SearchHarness()
        for index in 0..<12 {
            let key = try await harness.register("k\(index)", subject: index.isMultiple(of: 2) ? "垃圾清运" : "宠物扰民")
            if index.isMultiple(of: 3) { try await harness.note(key, "已转交街道办事处") }
        }
        try await harness.indexer.catchUp()
        let queries = ["垃圾", "宠物扰民", "街道办", "办", "扰"]
        var before: [String: [SearchHit]] = [:]
        for query in queries { before[query] = try await harness.all(query) }

        try await harness.indexer.reset()
        #expect(try await harness.found("垃圾").isEmpty)
        #expect(try await harness.indexer.lag() == (try await harness.store.headPosition()))
        try await harness.indexer.catchUp()
        for query in queries { #expect(try await harness.all(query) == before[query], "\(query)") }
    }

    @Test func twoIndexersAtOnceWriteEachCaseOnce() async throws {
        let harness = try SearchHarness()
        for index in 0..<60 { try await harness.register("k\(index)", subject: "交通拥堵 \(index)") }
        let other = SQLiteSearchIndexer(store: harness.store, batchSize: 7)
        async let first = harness.indexer.catchUp()
        async let second = other.catchUp()
        _ = try await (first, second)
        let documents = try await harness.store.indexPool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_docs") }
        #expect(documents == 60)
        #expect(try await harness.all("交通拥堵").count == 60)
        #expect(try await harness.indexer.lag() == 0)
    }
}
