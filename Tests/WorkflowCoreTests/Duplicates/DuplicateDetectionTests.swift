import Foundation
import GRDB
import Testing

@testable import WorkflowCore

struct DuplicateDetectionTests {
    typealias Fixture = DuplicateFixture

    @Test func aRewordedResubmissionToAnotherOrgIsSuggestedAsSimilarContent() async throws {
        let fixture = try await Fixture.make()
        let first = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "13800001111", org: "org-a"))
        _ = try await fixture.register(Fixture.registration(DuplicateTexts.wages, phone: "13800002222", org: "org-a"))
        let again = try await fixture.register(Fixture.registration(DuplicateTexts.noiseReworded, phone: "13900003333", org: "org-b"))
        let found = try await fixture.candidates(again)
        #expect(found.map(\.caseID) == [first.key.caseID])
        #expect(found.first?.caseNumber == first.key.caseNumber)
        #expect(found.first?.reasons == [DuplicateReason.similarContent])
        #expect((found.first?.score ?? 0) >= 0.5)
    }

    @Test func anUnrelatedMatterRecordsNothing() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "13800001111"))
        _ = try await fixture.register(Fixture.registration(DuplicateTexts.wages, phone: "13800002222"))
        let road = try await fixture.register(Fixture.registration(DuplicateTexts.road, phone: "13800003333"))
        let events = try await fixture.store.events(of: road.key.caseID)
        #expect(events.map(\.event.type) == ["registered"])
        #expect(try await fixture.candidates(road).isEmpty)
    }

    @Test func theSamePetitionerWrittenAnotherWayIsFoundOnADifferentMatter() async throws {
        let fixture = try await Fixture.make()
        let byID = try await fixture.register(Fixture.registration(DuplicateTexts.wages, id: "11010519491231002X"))
        let byPhone = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "+86 135-1234-5678"))
        _ = try await fixture.register(Fixture.registration(DuplicateTexts.wages, phone: "13600000000"))
        let later = try await fixture.register(
            Fixture.registration(DuplicateTexts.road, id: "11010519491231002x", phone: "135 1234 5678"))
        let found = try await fixture.candidates(later)
        #expect(Set(found.map(\.caseID)) == [byID.key.caseID, byPhone.key.caseID])
        #expect(found.allSatisfy { $0.reasons == [DuplicateReason.samePetitioner] })
        #expect(found.allSatisfy { (DuplicatePolicy.samePetitionerScore..<0.5).contains($0.score) })
    }

    @Test func theEventIsRecordedOnTheNewCaseBySystemAndNamesOnlyEarlierCases() async throws {
        let fixture = try await Fixture.make()
        let first = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "13512345678"))
        let second = try await fixture.register(Fixture.registration(DuplicateTexts.noiseReworded, phone: "13512345678"))
        let firstEvents = try await fixture.store.events(of: first.key.caseID)
        #expect(firstEvents.map(\.event.type) == ["registered"], "an earlier case is not told about later ones")
        let events = try await fixture.store.events(of: second.key.caseID)
        #expect(events.map(\.event.type) == ["registered", "duplicates_suspected"])
        let suspected = try #require(events.last)
        #expect(suspected.event.actor == .system)
        guard case .duplicatesSuspected(let candidates) = suspected.event.payload else {
            Issue.record("not a duplicates_suspected payload")
            return
        }
        #expect(candidates.map(\.caseID) == [first.key.caseID])
        #expect(candidates.first?.reasons == [DuplicateReason.samePetitioner, DuplicateReason.similarContent])
        #expect((candidates.first?.score ?? 0) >= 0.7)
        #expect(try await fixture.candidates(second) == candidates)
    }

    @Test func aConfirmedLinkRemovesThePendingCandidateAndShowsInLinks() async throws {
        let fixture = try await Fixture.make()
        let first = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "13512345678"))
        let other = try await fixture.register(Fixture.registration(DuplicateTexts.wages, phone: "13512345678"))
        let third = try await fixture.register(Fixture.registration(DuplicateTexts.noiseReworded, phone: "13512345678"))
        #expect(Set(try await fixture.candidates(third).map(\.caseID)) == [first.key.caseID, other.key.caseID])

        let linked = try await fixture.handler.handle(
            .link(kind: "repeat_of", otherCaseID: first.key.caseID, otherCaseNumber: first.key.caseNumber, reason: "同一事项重复反映"),
            caseID: third.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        #expect(linked.events.map(\.event.type) == ["linked"])
        #expect(linked.state.pendingDuplicates.map(\.caseID) == [other.key.caseID])
        #expect(linked.state.links == [
            CaseLinkRecord(kind: "repeat_of", otherCaseID: first.key.caseID, otherCaseNumber: first.key.caseNumber, reason: "同一事项重复反映")
        ])

        let dismissed = try await fixture.handler.handle(
            .link(kind: "dismissed", otherCaseID: other.key.caseID, otherCaseNumber: other.key.caseNumber, reason: "不同事项"),
            caseID: third.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        #expect(dismissed.events.map(\.event.type) == ["duplicate_dismissed"])
        #expect(dismissed.state.pendingDuplicates.isEmpty)
        #expect(dismissed.state.links.count == 1, "a dismissal is not a link")
        // Events again, never a delete: the suspicion stays in the record.
        let types = try await fixture.store.events(of: third.key.caseID).map(\.event.type)
        #expect(types == ["registered", "duplicates_suspected", "linked", "duplicate_dismissed"])
    }

    @Test func plainIdentityValuesAreNeverStoredInTheIndex() async throws {
        let fixture = try await Fixture.make()
        let petitioners = [("11010519491231002X", "13512345678"), ("440304198506123711", "010-65123456")]
        for (id, phone) in petitioners {
            _ = try await fixture.register(Fixture.registration(DuplicateTexts.noise, id: id, phone: phone))
        }
        let rows = try await fixture.store.indexPool.read { db in
            try Row.fetchAll(db, sql: "SELECT identity AS value FROM duplicate_identities UNION ALL SELECT signature FROM duplicate_cases")
                .map { $0["value"] as Data }
        }
        #expect(rows.count == 2 * petitioners.count + petitioners.count)
        let text = try await fixture.indexRows().joined(separator: "\n")
        for (id, phone) in petitioners {
            for plain in [id, phone, PetitionerIdentity.normalisedPhone(phone)!] {
                #expect(!text.contains(plain))
                #expect(!rows.contains { $0.range(of: Data(plain.utf8)) != nil })
            }
        }
    }

    @Test func theIndexFollowsTheLogAndAResetRebuildsTheSameRowsWithoutDetectingAgain() async throws {
        let fixture = try await Fixture.make()
        let texts = [DuplicateTexts.noise, DuplicateTexts.wages, DuplicateTexts.noiseReworded, DuplicateTexts.road]
        let registrations = texts.enumerated().map { Fixture.registration($1, phone: "1350000000\($0 % 2)") }
        for registration in registrations {
            let outcome = try await fixture.register(registration)
            let indexed = try await fixture.store.indexPool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_cases WHERE case_id = ?", arguments: [outcome.key.caseID.rawValue])
            }
            #expect(indexed == 1)
        }
        #expect(try await fixture.indexer.lag() == 0)
        let before = try await fixture.indexRows()
        let suspicions = try await fixture.suspicions()
        #expect(suspicions.count == 2, "the third (same phone and matter as the first) and the fourth (same phone as the second)")
        #expect(before.filter { $0.hasPrefix("identity") }.count == 4)

        // A repeated idempotency key writes nothing.
        var repeated = Fixture.registration(DuplicateTexts.road, phone: "13500000009")
        repeated.idempotencyKey = registrations[0].idempotencyKey
        #expect(!(try await fixture.register(repeated)).created)
        #expect(try await fixture.indexRows() == before)

        // The projections' rebuild and verify leave the index alone; the index's own reset
        // (what `xinfangd rebuild` runs next) gives the same rows and records nothing again.
        let decider = fixture.handler.decider
        #expect(try await fixture.store.verify { decider.evolve($0, $1) }.differingTables.isEmpty)
        _ = try await fixture.store.rebuildProjections { decider.evolve($0, $1) }
        #expect(try await fixture.indexRows() == before)
        try await fixture.indexer.reset()
        #expect(try await fixture.indexRows().isEmpty)
        try await fixture.indexer.catchUp()
        #expect(try await fixture.indexRows() == before)
        #expect(try await fixture.suspicions().map(\.0) == suspicions.map(\.0))
    }

    @Test func casesInOneBatchAreFoundAmongEachOtherAsAmongIndexedOnes() async throws {
        // Registrations arriving faster than detection: the indexer takes several per batch.
        let fixture = try await Fixture.make(batchSize: 3)
        var outcomes: [RegisterOutcome] = []
        let texts = [DuplicateTexts.noise, DuplicateTexts.wages, DuplicateTexts.noiseReworded, DuplicateTexts.road, DuplicateTexts.noise]
        for (index, text) in texts.enumerated() {
            outcomes.append(try await fixture.handler.register(
                Fixture.registration(text, phone: index == 3 ? "13600000000" : "1350000000\(index % 2)"),
                actor: StoreFixtures.actor, now: StoreFixtures.now))
        }
        try await fixture.indexer.catchUp()
        let found = Dictionary(try await fixture.suspicions(), uniquingKeysWith: { $0 + $1 })
        let ids = outcomes.map(\.key.caseID)
        // Same phone (0, 2, 4 share one; 1 the other) or similar content (0, 2, 4).
        #expect(found[ids[0]] == nil && found[ids[1]] == nil && found[ids[3]] == nil)
        #expect(Set(found[ids[2]] ?? []) == [ids[0]])
        #expect(Set(found[ids[4]] ?? []) == [ids[0], ids[2]], "case 4 is in the second batch, case 2 in the first")
    }

    @Test func aBatchRunAgainAfterACrashRecordsNothingTwice() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "13512345678"))
        let second = try await fixture.register(Fixture.registration(DuplicateTexts.noiseReworded, phone: "13512345678"))
        // A crash after the findings were recorded but before the batch's index rows and
        // cursors committed: the cursors are where they were before the batch.
        try await fixture.store.writeIndex { db in
            for table in DuplicateIndexRows.tables { try db.execute(sql: "DELETE FROM \(table)") }
            try db.execute(sql: "UPDATE duplicate_index_meta SET value = 0 WHERE name IN ('indexed', 'detected')")
        }
        try await fixture.indexer.catchUp()
        let types = try await fixture.store.events(of: second.key.caseID).map(\.event.type)
        #expect(types == ["registered", "duplicates_suspected"])
        #expect(try await fixture.indexer.lag() == 0)
    }

    @Test func aNewSiteKeyReKeysEveryIdentityWithoutDetectingAgain() async throws {
        let path = StoreFixtures.temporaryDatabase()
        let keyed: [String]
        do {
            let fixture = try await Fixture.make(path: path)
            for text in [DuplicateTexts.wages, DuplicateTexts.road] {
                _ = try await fixture.register(Fixture.registration(text, phone: "13512345678"))
            }
            keyed = try await fixture.indexRows()
            #expect(try await fixture.suspicions().count == 1)
            try fixture.store.close()
        }
        // A restored directory without its key file: another key, the index made again.
        let rekeyed = try await Fixture.make(path: path, key: .random())
        #expect(try await rekeyed.indexRows().isEmpty)
        try await rekeyed.indexer.catchUp()
        let rows = try await rekeyed.indexRows()
        #expect(rows.filter { $0.hasPrefix("identity") }.count == 2)
        #expect(Set(rows.filter { $0.hasPrefix("identity") }).isDisjoint(with: keyed))
        #expect(try await rekeyed.suspicions().count == 1, "old cases are not detected again")
        let again = try await rekeyed.register(Fixture.registration(DuplicateTexts.noise, phone: "135-1234-5678"))
        #expect(try await rekeyed.candidates(again).count == 2)
    }

    @Test func anArchiveMarkedCheckedIsIndexedButNotDetected() async throws {
        let fixture = try await Fixture.make()
        for text in [DuplicateTexts.noise, DuplicateTexts.noiseReworded] {
            _ = try await fixture.handler.register(Fixture.registration(text, phone: "13512345678"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        }
        try await fixture.indexer.markDetected(through: try await fixture.store.headPosition())
        try await fixture.indexer.catchUp()
        #expect(try await fixture.suspicions().isEmpty)
        #expect(try await fixture.indexRows().filter { $0.hasPrefix("case") }.count == 2)
        let later = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "135 1234 5678"))
        #expect(try await fixture.candidates(later).count == 2)
    }

    @Test func stretchesWithoutRegistrationsMoveTheCursorInMemoryOnly() async throws {
        let fixture = try await Fixture.make()
        let first = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "13512345678"))
        let stored = { try await fixture.store.indexPool.read { db in try SQLiteDuplicateIndexer.cursor("indexed", db) } }
        let afterRegistration = try await stored()
        for index in 0..<5 {
            _ = try await fixture.handler.handle(.addNote(text: "第\(index)次回访"), caseID: first.key.caseID, actor: StoreFixtures.actor, now: StoreFixtures.now)
        }
        try await fixture.indexer.catchUp()
        let head = try await fixture.store.headPosition()
        #expect(try await fixture.indexer.lag() == 0)
        #expect(try await fixture.indexer.indexedPosition() == head)
        #expect(try await stored() == afterRegistration, "no write for notes")
        // Another indexer (a restart) reads the stretch again and finds nothing to do.
        let restarted = SQLiteDuplicateIndexer(store: fixture.store, handler: fixture.handler, siteKey: fixture.key)
        #expect(try await restarted.indexedPosition() == afterRegistration)
        try await restarted.catchUp()
        #expect(try await restarted.lag() == 0)
        // The next registration is indexed and detected from the stored cursor on.
        let again = try await fixture.register(Fixture.registration(DuplicateTexts.noiseReworded, phone: "13512345678"))
        #expect(try await fixture.candidates(again).map(\.caseID) == [first.key.caseID])
        let storedNow = try await stored()
        #expect(storedNow > afterRegistration, "a batch with a registration writes the cursor")
        // A reset forgets the stretch: the whole log is read again.
        try await fixture.indexer.reset()
        #expect(try await fixture.indexer.indexedPosition() == 0)
    }

    @Test func theRunningIndexerRecordsCandidatesShortlyAfterIntake() async throws {
        let fixture = try await Fixture.make()
        let running = Task { try await fixture.indexer.run() }
        defer { running.cancel() }
        let first = try await fixture.handler.register(
            Fixture.registration(DuplicateTexts.noise, phone: "13512345678"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        let second = try await fixture.handler.register(
            Fixture.registration(DuplicateTexts.noiseReworded, phone: "13512345678"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        var found: [DuplicateCandidate] = []
        for _ in 0..<500 where found.isEmpty {
            found = try await fixture.candidates(second)
            if found.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(found.map(\.caseID) == [first.key.caseID])
    }
}
