import Foundation
import GRDB
import Testing

@testable import WorkflowCore

struct SQLiteEventStoreTests {
    /// The log's writer commits with `synchronous=FULL` (2): acknowledged writes survive a
    /// power loss. The index file's writer may use NORMAL (1): its batches are redone.
    @Test func theLogsWriterSyncsEveryCommitAndTheIndexWriterNeedNot() async throws {
        let store = try SQLiteEventStore(path: StoreFixtures.temporaryDatabase())
        defer { try? store.close() }
        #expect(try await store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try await store.indexPool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
        #expect(try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func registrationAllocatesYearlyCaseNumbersInOrder() async throws {
        let (_, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        var numbers: [String] = []
        for index in 1...3 {
            let outcome = try await handler.register(StoreFixtures.registration(key: "k\(index)"), actor: StoreFixtures.actor, now: StoreFixtures.now)
            #expect(outcome.created)
            numbers.append(outcome.key.caseNumber.description)
        }
        #expect(numbers == ["XF-2026-000001", "XF-2026-000002", "XF-2026-000003"])
    }

    @Test func aRepeatedIdempotencyKeyReturnsTheFirstCaseAndWritesNothing() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        let first = try await handler.register(StoreFixtures.registration(key: "same"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        let head = try await store.headPosition()
        let again = try await handler.register(StoreFixtures.registration(key: "same", subject: "另一个"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        #expect(!again.created)
        #expect(again.key == first.key)
        #expect(try await store.headPosition() == head)
        #expect(try await store.listCases(CaseListQuery()).rows.count == 1)
    }

    @Test func concurrentRegistrationsAreGroupCommittedWithoutLossOrDuplicates() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        let count = 300
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask {
                    // Every third submission repeats an earlier key: it must not create a case.
                    let key = index % 3 == 2 ? "k\(index - 1)" : "k\(index)"
                    return try await handler.register(StoreFixtures.registration(key: key), actor: StoreFixtures.actor, now: StoreFixtures.now)
                        .key.caseNumber.description
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        let distinct = Set(numbers)
        #expect(distinct.count == count - count / 3)
        let stored = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases")! }
        #expect(stored == distinct.count)
        let maxSerial = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT last_serial FROM case_number_counters")! }
        #expect(maxSerial == distinct.count, "no serial was skipped or reused")
    }

    @Test func appendChecksTheExpectedVersion() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        let created = try await handler.register(StoreFixtures.registration(key: "v"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        let state = try #require(try await handler.load(created.key.caseID)?.state)
        let note = CaseEvent(type: "note_added", actor: StoreFixtures.actor, at: StoreFixtures.now, payload: .noteAdded(text: "a"))
        let next = try #require(handler.decider.evolve(state, note))
        let orgs = [next.orgID]
        _ = try await store.append(AppendRequest(caseID: created.key.caseID, expectedVersion: 1, events: [note], state: next, eventOrgs: orgs))
        // A writer that decided against version 1 too loses: nothing of it is stored.
        await #expect(throws: StoreError(.conflict, "case XF-2026-000001 is at version 2, expected 1")) {
            _ = try await store.append(AppendRequest(caseID: created.key.caseID, expectedVersion: 1, events: [note], state: next, eventOrgs: orgs))
        }
        #expect(try await store.events(of: created.key.caseID).map(\.version) == [1, 2])
    }

    @Test func aFailingWriteInABatchUndoesOnlyItself() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        let created = try await handler.register(StoreFixtures.registration(key: "stale"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        let state = try #require(try await handler.load(created.key.caseID)?.state)
        let note = CaseEvent(type: "note_added", actor: StoreFixtures.actor, at: StoreFixtures.now, payload: .noteAdded(text: "a"))
        let next = try #require(handler.decider.evolve(state, note))
        _ = try await store.append(AppendRequest(caseID: created.key.caseID, expectedVersion: 1, events: [note], state: next, eventOrgs: [next.orgID]))
        // Stale appends among many registrations, all submitted at once so they share batches:
        // each stale one fails alone, every registration lands.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<120 {
                group.addTask {
                    if index % 10 == 0 {
                        do {
                            _ = try await store.append(AppendRequest(
                                caseID: created.key.caseID, expectedVersion: 1, events: [note], state: next, eventOrgs: [next.orgID]))
                            return false
                        } catch let error as StoreError {
                            return error.code == .conflict
                        }
                    }
                    return try await handler.register(StoreFixtures.registration(key: "b\(index)"), actor: StoreFixtures.actor, now: StoreFixtures.now).created
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0 }, "stale appends conflict, registrations are created")
        #expect(try await store.events(of: created.key.caseID).map(\.version) == [1, 2])
        let cases = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases")! }
        #expect(cases == 1 + 108)
        #expect(store.writerStatistics.transactions < 120, "the writes were grouped")
    }

    @Test func concurrentCommandsOnOneCaseAllLandInSequence() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        let created = try await handler.register(StoreFixtures.registration(key: "c"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = try await handler.handle(.addNote(text: "note \(index)"), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
                }
            }
            try await group.waitForAll()
        }
        let events = try await store.events(of: created.key.caseID)
        #expect(events.map(\.version) == Array(1...41))
        #expect(try await store.caseRow(created.key.caseID)?.version == 41)
    }

    @Test func aHandlerThatRemembersACaseStillDecidesOnWhatAnotherWriterAppended() async throws {
        let path = StoreFixtures.temporaryDatabase()
        let (store, handler) = try StoreFixtures.handler(path: path)
        let created = try await handler.register(StoreFixtures.registration(key: "c"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        let first = try await handler.handle(.addNote(text: "一"), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        // Another process's handler (its own memory) on the same database appends twice.
        let other = CaseCommandHandler(store: try SQLiteEventStore(path: path), decider: handler.decider)
        for text in ["二", "三"] {
            _ = try await other.handle(.addNote(text: text), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        }
        let next = try await handler.handle(.addNote(text: "四"), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        #expect(next.state.version == first.state.version + 3)
        #expect(next.events.map(\.version) == [first.state.version + 3])
        let history = try await store.events(of: created.key.caseID)
        #expect(next.state == handler.decider.fold(history.map(\.event)), "the remembered fold plus the tail equals a fresh fold")
    }

    @Test func aCommandTheRememberedStateWouldRefuseIsJudgedOnTheStoredCase() async throws {
        let path = StoreFixtures.temporaryDatabase()
        let (_, handler) = try StoreFixtures.handler(path: path)
        let created = try await handler.register(StoreFixtures.registration(key: "c"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        _ = try await handler.handle(.addNote(text: "记住此案"), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        // Another process accepts the case; this handler still remembers it as registered,
        // where `close` is not allowed.
        let other = CaseCommandHandler(store: try SQLiteEventStore(path: path), decider: handler.decider)
        _ = try await other.handle(.act(command: "accept", fields: []), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        let closed = try await handler.handle(.act(command: "close", fields: []), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        #expect(closed.state.state == "closed")
        // And a caller's expected version is compared with the stored case, not the memory.
        let note = try await handler.handle(
            .addNote(text: "结案后留言"), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now,
            expectedVersion: closed.state.version)
        #expect(note.events.count == 1)
    }

    @Test func eventsCannotBeUpdatedOrDeleted() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        _ = try await handler.register(StoreFixtures.registration(key: "x"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { db in try db.execute(sql: "UPDATE events SET type = 'tampered'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { db in try db.execute(sql: "DELETE FROM events") }
        }
    }

    @Test func listingIsScopedToTheOrgTrailAndPagesByKeyset() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        for index in 0..<5 {
            _ = try await handler.register(
                StoreFixtures.registration(key: "a\(index)", org: "org-a"), actor: StoreFixtures.actor,
                now: StoreFixtures.now.addingTimeInterval(Double(index)))
        }
        let other = try await handler.register(StoreFixtures.registration(key: "b", org: "org-b"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        var query = CaseListQuery()
        query.visibleToOrgs = ["org-b"]
        #expect(try await store.listCases(query).rows.map(\.key) == [other.key])

        // Transferred cases stay visible to the org they came from and become visible to the new one.
        _ = try await handler.handle(.act(command: "accept", fields: []), caseID: other.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        _ = try await handler.handle(
            .act(command: "transfer", fields: [Field("target_org", "org-c")]), caseID: other.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        query.visibleToOrgs = ["org-c"]
        #expect(try await store.listCases(query).rows.map(\.key) == [other.key])
        #expect(try await store.caseRow(other.key.caseID)?.orgID == "org-c")

        var page = CaseListQuery()
        page.visibleToOrgs = ["org-a"]
        page.pageSize = 2
        var seen: [CaseKey] = []
        while true {
            let result = try await store.listCases(page)
            seen += result.rows.map(\.key)
            guard result.hasMore, let last = result.rows.last else { break }
            page.after = (last.updatedAt, last.key.caseID)
        }
        #expect(seen.count == 5)
        #expect(Set(seen).count == 5)
    }
}

struct RebuildTests {
    @Test func aRebuildGivesTheSameProjections() async throws {
        let (store, handler) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        for index in 0..<12 {
            let created = try await handler.register(
                StoreFixtures.registration(key: "r\(index)", org: index % 2 == 0 ? "org-a" : "org-b"), actor: StoreFixtures.actor,
                now: StoreFixtures.now.addingTimeInterval(Double(index) * 3600))
            if index % 3 == 0 {
                _ = try await handler.handle(.act(command: "accept", fields: []), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
                _ = try await handler.handle(
                    .act(command: "transfer", fields: [Field("target_org", "org-c")]), caseID: created.key.caseID,
                    actor: StoreFixtures.actor, now: StoreFixtures.now)
            }
            _ = try await handler.handle(.addNote(text: "备注\(index)"), caseID: created.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        }
        let before = try await store.projectionSnapshot()
        #expect(before["cases"]?.count == 12)
        #expect(before["event_counters"]?.isEmpty == false)
        let decider = handler.decider
        let report = try await store.rebuildProjections { decider.evolve($0, $1) }
        #expect(report.cases == 12)
        let after = try await store.projectionSnapshot()
        #expect(after == before)
    }
}
