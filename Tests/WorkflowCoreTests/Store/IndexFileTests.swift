import Foundation
import GRDB
import Synchronization
import Testing

@testable import WorkflowCore

/// The derived indexes live in their own file beside the log's: a log that carried them
/// inside moves them out without detecting duplicates again, and a deleted index file is
/// made again from the log.
struct IndexFileTests {
    static let derivedTables = [
        "search_docs", "search_trigram", "search_short", "search_state",
        "duplicate_cases", "duplicate_bands", "duplicate_identities", "duplicate_index_meta",
    ]

    @Test func aLogWithItsIndexesInsideHandsDetectionOverAndDropsThem() async throws {
        let path = StoreFixtures.temporaryDatabase()
        // The layout before v7: the indexes in the log's file, detection run up to 42.
        do {
            let old = try DatabasePool(path: path)
            try SQLiteSchema.migrator.migrate(old, upTo: "v6-duplicate-bands-automerge-2")
            try await old.write { db in
                try db.execute(sql: "UPDATE duplicate_index_meta SET value = 42 WHERE name = 'detected'")
                try db.execute(sql: "INSERT INTO search_docs (case_id, subject, content, thread) VALUES ('c', 's', 'c', '')")
            }
            try old.close()
        }
        let store = try SQLiteEventStore(path: path)
        defer { try? store.close() }
        let remaining = try await store.pool.read { db in try Self.derivedTables.filter { try db.tableExists($0) } }
        #expect(remaining.isEmpty)
        let cursors = try await store.indexPool.read { db in
            (try SQLiteDuplicateIndexer.cursor("detected", db), try SQLiteDuplicateIndexer.cursor("indexed", db))
        }
        #expect(cursors.0 == 42)
        #expect(cursors.1 == 0)
        #expect(FileManager.default.fileExists(atPath: SQLiteEventStore.indexPath(forLog: path)))
    }

    @Test func aDeletedIndexFileIsMadeAgainFromTheLog() async throws {
        let path = StoreFixtures.temporaryDatabase()
        var keys: [CaseKey] = []
        do {
            let harness = try SearchHarness(path: path)
            for index in 0..<4 { keys.append(try await harness.register("k\(index)", subject: "噪音扰民 \(index)")) }
            try await harness.indexer.catchUp()
            try harness.store.close()
        }
        let index = SQLiteEventStore.indexPath(forLog: path)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: index + suffix) }

        let reopened = try SearchHarness(path: path)
        #expect(try await reopened.indexer.lag() == 4)
        #expect(try await reopened.found("噪音扰民").isEmpty)
        try await reopened.indexer.catchUp()
        #expect(try await reopened.found("噪音扰民") == Set(keys.map(\.caseNumber.description)))
        #expect(try await reopened.store.headPosition() == 4)
    }

    /// An index transaction in progress must not hold up the writer that acknowledges
    /// commands: another connection takes the log's write lock at once (no busy wait).
    @Test func anIndexTransactionLeavesTheLogsWriteLockFree() async throws {
        let path = StoreFixtures.temporaryDatabase()
        let store = try SQLiteEventStore(path: path)
        defer { try? store.close() }
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        let other = try DatabaseQueue(path: path, configuration: configuration)
        let takenDuringIndexWrite = try await store.writeIndex { db in
            try db.execute(sql: "UPDATE search_state SET position = position")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log.events")
            return try other.inDatabase { logDB in
                try logDB.execute(sql: "BEGIN IMMEDIATE")
                try logDB.execute(sql: "ROLLBACK")
                return true
            }
        }
        #expect(takenDuringIndexWrite)
    }

    /// Another process writing the index file between an index transaction's first read and
    /// its first write makes SQLite refuse the write at once; the transaction runs again.
    @Test func anIndexTransactionOvertakenByAnotherWriterRunsAgain() async throws {
        let path = StoreFixtures.temporaryDatabase()
        let store = try SQLiteEventStore(path: path)
        defer { try? store.close() }
        let other = try SQLiteEventStore(path: path)
        defer { try? other.close() }
        let attempts = Mutex(0)
        let position = try await store.writeIndex { db in
            let first = attempts.withLock { count in
                count += 1
                return count == 1
            }
            let read = try Int64.fetchOne(db, sql: "SELECT position FROM search_state") ?? 0
            if first {
                try other.indexPool.writeWithoutTransaction { otherDB in
                    try otherDB.execute(sql: "UPDATE search_state SET position = 7")
                }
            }
            try db.execute(sql: "UPDATE search_state SET position = ?", arguments: [read + 1])
            return read + 1
        }
        #expect(attempts.withLock { $0 } == 2)
        #expect(position == 8)
    }

    /// Index connections read the log; they cannot change it. The data directory's name may
    /// hold characters a URI gives meaning to.
    @Test func theLogIsAttachedReadOnlyWhereverItLives() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("信访 数据?#%-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try SearchHarness(path: folder.appendingPathComponent("xinfang.sqlite").path)
        defer { try? harness.store.close() }
        let key = try await harness.register("k", subject: "噪音扰民")
        try await harness.indexer.catchUp()
        #expect(try await harness.found("噪音扰民") == [key.caseNumber.description])
        #expect(try await harness.store.indexPool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log.events") } == 1)
        await #expect(throws: DatabaseError.self) {
            try await harness.store.writeIndex { db in try db.execute(sql: "CREATE TABLE log.intruder (x)") }
        }
        #expect(try await harness.store.pool.read { db in try db.tableExists("intruder") } == false)
        #expect(SQLiteEventStore.logAttachment("/data/a b?#%.sqlite") == "file:/data/a b%3F%23%25.sqlite?mode=ro")
    }

    @Test func theIndexFileSitsBesideTheLog() {
        #expect(SQLiteEventStore.indexPath(forLog: "/data/xinfang.sqlite") == "/data/xinfang.index.sqlite")
        #expect(SQLiteEventStore.indexPath(forLog: "/data/site.db") == "/data/site.db.index")
    }
}
