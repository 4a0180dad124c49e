import Foundation

@testable import WorkflowCore

/// A store with the duplicate index and a handler that detects at intake.
struct DuplicateFixture {
    let store: SQLiteEventStore
    let key: SiteKey
    let handler: CaseCommandHandler

    static func make(path: String = StoreFixtures.temporaryDatabase(), key: SiteKey = .random()) async throws -> DuplicateFixture {
        let store = try SQLiteEventStore(path: path)
        let index = try await SQLiteDuplicateIndex.open(store: store, siteKey: key)
        let decider = CaseDecider(catalog: WorkflowCatalog([StoreFixtures.workflow]), calendar: try WorkingCalendar.bundled())
        let handler = CaseCommandHandler(store: store, decider: decider, duplicates: DuplicateDetector(index: index, siteKey: key))
        return DuplicateFixture(store: store, key: key, handler: handler)
    }

    static func registration(
        _ text: (subject: String, content: String), id: String = "", phone: String = "", org: String = "org-a"
    ) -> Registration {
        Registration(
            idempotencyKey: UUID().uuidString, channel: .letter, workflow: "mini", subject: text.subject, content: text.content,
            petitioner: Petitioner(name: "李秀英", idNumber: id, phone: phone), orgID: org, receivedAt: StoreFixtures.now)
    }

    func register(_ registration: Registration) async throws -> RegisterOutcome {
        try await handler.register(registration, actor: StoreFixtures.actor, now: StoreFixtures.now)
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
        try await store.pool.read { db in
            try Self.rowQueries.flatMap { try String.fetchAll(db, sql: $0) }.sorted()
        }
    }

    static let rowQueries = [
        "SELECT 'case ' || position || ' ' || case_id || ' ' || hex(signature) || ' ' || keyed FROM duplicate_cases",
        "SELECT 'bands ' || rowid || ' ' || bands FROM duplicate_bands",
        "SELECT 'identity ' || hex(identity) || ' ' || position FROM duplicate_identities",
    ]
}
