public import Foundation

/// The store as the rest of the system sees it: append events with an expected version,
/// read a case's events, query projections, follow the log. Backend-neutral: the SQLite
/// implementation is the embedded default; a PostgreSQL one can follow.
public protocol EventStore: Sendable {
    /// Registers a new case atomically: returns the existing case if the idempotency key was
    /// used before; otherwise allocates the case number, appends the events and writes the
    /// projections in one transaction.
    func register(_ request: RegisterRequest) async throws -> RegisterOutcome

    /// Appends events to an existing case if its version is still `expectedVersion`
    /// (else `StoreError.conflict`), with the projections, in one durable transaction.
    func append(_ request: AppendRequest) async throws -> [RecordedEvent]

    /// All events of one case, in order.
    func events(of caseID: CaseID) async throws -> [RecordedEvent]

    /// The events of one case after a version, in order (what a cached fold is missing).
    func events(of caseID: CaseID, afterVersion version: Int) async throws -> [RecordedEvent]

    /// Resolves a case number (`XF-2026-000001`) or a case id.
    func resolve(_ reference: String) async throws -> CaseKey?

    /// Events after a global position, in order, at most `limit`.
    func events(after position: Int64, limit: Int) async throws -> [RecordedEvent]

    /// The position of the newest event (0 when empty).
    func headPosition() async throws -> Int64

    /// One page of the case list projection.
    func listCases(_ query: CaseListQuery) async throws -> CaseListPage

    /// One row of the case list projection.
    func caseRow(_ caseID: CaseID) async throws -> CaseRow?
}

/// A case's two identities.
public struct CaseKey: Hashable, Sendable {
    public var caseID: CaseID
    public var caseNumber: CaseNumber

    public init(caseID: CaseID, caseNumber: CaseNumber) {
        self.caseID = caseID
        self.caseNumber = caseNumber
    }
}

public struct RegisterRequest: Sendable {
    public var caseID: CaseID
    public var idempotencyKey: String
    /// The year the case number belongs to (registration year in the site's time zone).
    public var year: Int
    public var events: [CaseEvent]
    /// The state after the events, for the projections.
    public var state: CaseState
    /// The responsible org right after each event (statistics count each event there).
    public var eventOrgs: [String]

    public init(caseID: CaseID, idempotencyKey: String, year: Int, events: [CaseEvent], state: CaseState, eventOrgs: [String]) {
        self.caseID = caseID
        self.idempotencyKey = idempotencyKey
        self.year = year
        self.events = events
        self.state = state
        self.eventOrgs = eventOrgs
    }
}

public struct RegisterOutcome: Sendable {
    public var key: CaseKey
    /// False when the idempotency key had been used: nothing was written.
    public var created: Bool
    public var events: [RecordedEvent]
    /// The case's state id: after registration, or now (when it existed).
    public var state: String
}

public struct AppendRequest: Sendable {
    public var caseID: CaseID
    /// The case's version the events were decided against.
    public var expectedVersion: Int
    public var events: [CaseEvent]
    /// The state after the events, for the projections.
    public var state: CaseState
    /// The responsible org right after each event (statistics count each event there).
    public var eventOrgs: [String]

    public init(caseID: CaseID, expectedVersion: Int, events: [CaseEvent], state: CaseState, eventOrgs: [String]) {
        self.caseID = caseID
        self.expectedVersion = expectedVersion
        self.events = events
        self.state = state
        self.eventOrgs = eventOrgs
    }
}

/// A row of the case list projection.
public struct CaseRow: Hashable, Sendable {
    public var key: CaseKey
    public var workflow: String
    public var state: String
    public var channel: Channel
    public var subject: String
    public var orgID: String
    /// Every org the case has been with (for scoping).
    public var orgTrail: [String]
    public var handlerID: String
    public var matterClass: String
    public var petitioner: Petitioner
    public var accusedOrgID: String
    public var nextDeadlineAt: Date?
    public var supervised: Bool
    public var leaderInCharge: String
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int
}

public struct CaseListQuery: Sendable {
    public var states: [String] = []
    public var workflows: [String] = []
    public var channels: [String] = []
    /// Only cases whose trail includes one of these orgs (nil: no scope filter).
    public var visibleToOrgs: [String]?
    public var orgIDs: [String] = []
    public var handlerID: String = ""
    public var createdFrom: Date?
    public var createdTo: Date?
    public var overdueAt: Date?
    public var pageSize: Int = Limits.defaultPageSize
    /// Keyset cursor: the last row of the previous page.
    public var after: (updatedAt: Date, caseID: CaseID)?

    public init() {}
}

public struct CaseListPage: Sendable {
    public var rows: [CaseRow]
    public var hasMore: Bool
}
