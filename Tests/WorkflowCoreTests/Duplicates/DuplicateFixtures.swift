import Foundation

@testable import WorkflowCore

/// A store, a handler, and the duplicate indexer the daemon runs beside intake.
struct DuplicateFixture {
    let store: SQLiteEventStore
    let key: SiteKey
    let handler: CaseCommandHandler
    let indexer: SQLiteDuplicateIndexer

    static func make(
        path: String = StoreFixtures.temporaryDatabase(), key: SiteKey = .random(), batchSize: Int = SQLiteDuplicateIndexer.defaultBatchSize
    ) async throws -> DuplicateFixture {
        let store = try SQLiteEventStore(path: path)
        let decider = CaseDecider(catalog: WorkflowCatalog([StoreFixtures.workflow]), calendar: try WorkingCalendar.bundled())
        let handler = CaseCommandHandler(store: store, decider: decider)
        let indexer = SQLiteDuplicateIndexer(store: store, handler: handler, siteKey: key, clock: { StoreFixtures.now }, batchSize: batchSize)
        try await indexer.prepare()
        return DuplicateFixture(store: store, key: key, handler: handler, indexer: indexer)
    }

    static func registration(
        _ text: (subject: String, content: String), id: String = "", phone: String = "", org: String = "org-a"
    ) -> Registration {
        Registration(
            idempotencyKey: UUID().uuidString, channel: .letter, workflow: "mini", subject: text.subject, content: text.content,
            petitioner: Petitioner(name: "李秀英", idNumber: id, phone: phone), orgID: org, receivedAt: StoreFixtures.now)
    }

    /// Registers a case and lets the indexer catch up, as it does right after intake.
    func register(_ registration: Registration) async throws -> RegisterOutcome {
        let outcome = try await handler.register(registration, actor: StoreFixtures.actor, now: StoreFixtures.now)
        try await indexer.catchUp()
        return outcome
    }

    /// Every `duplicates_suspected` event in the log, as (case, candidate case ids).
    func suspicions() async throws -> [(CaseID, [CaseID])] {
        try await store.events(after: 0, limit: 10_000).compactMap { recorded in
            guard case .duplicatesSuspected(let candidates) = recorded.event.payload else { return nil }
            return (recorded.caseID, candidates.map(\.caseID))
        }
    }

    func state(_ outcome: RegisterOutcome) async throws -> CaseState? {
        try await handler.load(outcome.key.caseID)?.state
    }

    /// The pending candidates recorded on a case.
    func candidates(_ outcome: RegisterOutcome) async throws -> [DuplicateCandidate] {
        try await state(outcome)?.pendingDuplicates ?? []
    }

    /// Every row of the duplicate tables, as text, for comparing before and after a rebuild.
    func indexRows() async throws -> [String] {
        try await store.indexPool.read { db in
            try Self.rowQueries.flatMap { try String.fetchAll(db, sql: $0) }.sorted()
        }
    }

    static let rowQueries = [
        "SELECT 'case ' || position || ' ' || case_id || ' ' || hex(signature) || ' ' || keyed FROM duplicate_cases",
        "SELECT 'bands ' || rowid || ' ' || bands FROM duplicate_bands",
        "SELECT 'identity ' || hex(identity) || ' ' || position FROM duplicate_identities",
    ]
}
