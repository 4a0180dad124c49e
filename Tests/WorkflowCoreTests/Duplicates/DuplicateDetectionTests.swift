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
        let rows = try await fixture.store.pool.read { db in
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

    @Test func theIndexIsWrittenWithTheRegistrationAndARebuildGivesTheSameRows() async throws {
        let fixture = try await Fixture.make()
        var outcomes: [RegisterOutcome] = []
        let texts = [DuplicateTexts.noise, DuplicateTexts.wages, DuplicateTexts.noiseReworded, DuplicateTexts.road]
        let registrations = texts.enumerated().map { Fixture.registration($1, phone: "1350000000\($0 % 2)") }
        for registration in registrations {
            let outcome = try await fixture.register(registration)
            // No lag: the registering transaction already wrote the case's rows.
            let indexed = try await fixture.store.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_cases WHERE case_id = ?", arguments: [outcome.key.caseID.rawValue])
            }
            #expect(indexed == 1)
            outcomes.append(outcome)
        }
        // A repeated idempotency key writes nothing.
        let before = try await fixture.indexRows()
        var repeated = Fixture.registration(DuplicateTexts.road, phone: "13500000009")
        repeated.idempotencyKey = registrations[0].idempotencyKey
        #expect(!(try await fixture.register(repeated)).created)
        #expect(try await fixture.indexRows() == before)

        // Rebuild: clear the tables the Projector lists, replay every case's whole history.
        #expect(Set(DuplicateProjection.tables).isSubset(of: Projector.tables))
        var histories: [(CaseKey, [CaseEvent])] = []
        for outcome in outcomes { histories.append((outcome.key, try await fixture.store.events(of: outcome.key.caseID).map(\.event))) }
        let decider = fixture.handler.decider
        let replay = histories
        try await fixture.store.pool.write { db in
            for table in DuplicateProjection.tables { try db.execute(sql: "DELETE FROM \(table)") }
            for (key, events) in replay {
                try DuplicateProjection.write(try #require(decider.fold(events)), key: key, events: events, db: db)
            }
        }
        #expect(try await fixture.indexRows() == before)
        #expect(before.filter { $0.hasPrefix("identity") }.count == 4)

        // The store's own rebuild and verify (what `xinfangd rebuild` / `verify` run), with the
        // site key installed as the daemon has it.
        let report = try await fixture.store.verify { decider.evolve($0, $1) }
        #expect(report.differingTables.isEmpty)
        _ = try await fixture.store.rebuildProjections { decider.evolve($0, $1) }
        #expect(try await fixture.indexRows() == before)
    }

    @Test func casesRegisteredWithoutAKeyAreKeyedWhenTheIndexOpensAndANewKeyReKeysThem() async throws {
        let path = StoreFixtures.temporaryDatabase()
        do {
            // A tool that opened the store without the site key: content indexed, identities not.
            let (store, handler) = try StoreFixtures.handler(path: path)
            for text in [DuplicateTexts.wages, DuplicateTexts.road] {
                _ = try await handler.register(Fixture.registration(text, phone: "13512345678"), actor: StoreFixtures.actor, now: StoreFixtures.now)
            }
            let unkeyed = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicate_cases WHERE keyed = 0") }
            #expect(unkeyed == 2)
            try store.close()
        }
        let firstKey = SiteKey.random()
        let fixture = try await Fixture.make(path: path, key: firstKey)
        let keyed = try await fixture.indexRows()
        #expect(keyed.filter { $0.hasPrefix("identity") }.count == 2)
        #expect(keyed.filter { $0.hasPrefix("case") }.allSatisfy { $0.hasSuffix(" 1") })
        let later = try await fixture.register(Fixture.registration(DuplicateTexts.noise, phone: "135-1234-5678"))
        #expect(try await fixture.candidates(later).count == 2)
        try fixture.store.close()

        // Another key (a restored directory without its key file): identities are re-keyed.
        let rekeyed = try await Fixture.make(path: path, key: .random())
        let rows = try await rekeyed.indexRows()
        #expect(rows.filter { $0.hasPrefix("identity") }.count == 3)
        #expect(Set(rows.filter { $0.hasPrefix("identity") }).isDisjoint(with: keyed))
        let again = try await rekeyed.register(Fixture.registration(DuplicateTexts.road, phone: "13512345678"))
        #expect(try await rekeyed.candidates(again).count == 3)
    }
}

/// An index that always fails, to show a detection failure does not fail the registration.
private struct BrokenIndex: DuplicateCandidateIndex {
    func matches(for probe: DuplicateProbe, before position: Int64) async throws -> [IndexedCase] {
        throw StoreError(.io, "index unavailable")
    }
}

struct DuplicateDetectionFailureTests {
    @Test func aFailingIndexLeavesTheRegistrationStandingWithoutCandidates() async throws {
        let (store, plain) = try StoreFixtures.handler(path: StoreFixtures.temporaryDatabase())
        let key = SiteKey.random()
        let handler = CaseCommandHandler(store: store, decider: plain.decider, duplicates: DuplicateDetector(index: BrokenIndex(), siteKey: key))
        let first = try await handler.register(
            DuplicateFixture.registration(DuplicateTexts.noise, phone: "13512345678"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        let second = try await handler.register(
            DuplicateFixture.registration(DuplicateTexts.noise, phone: "13512345678"), actor: StoreFixtures.actor, now: StoreFixtures.now)
        #expect(first.created && second.created)
        #expect(try await store.events(of: second.key.caseID).map(\.event.type) == ["registered"])
    }
}
