public import Foundation

/// A case as the fold of its events. The engine decides against it; projections are
/// written from it.
public struct CaseState: Hashable, Sendable {
    public var workflow: String
    public var workflowVersion: String
    /// Current state id.
    public var state: String
    /// Number of events folded.
    public var version: Int
    public var registration: Registration
    /// The org currently responsible.
    public var orgID: String
    /// Orgs the case was transferred or assigned to, in order (they keep sight of it).
    public var orgTrail: [String]
    public var handlerID: String
    public var matterClass: String
    /// Deadline clocks by deadline id.
    public var deadlines: [String: DeadlineClock]
    /// How many times each command has fired (rules such as "extension at most once").
    public var commandCounts: [String: Int]
    public var supervised: Bool
    /// The leader who took personal charge (包案), if any.
    public var leaderInCharge: String
    public var links: [CaseLinkRecord]
    public var pendingDuplicates: [DuplicateCandidate]
    public var createdAt: Date
    public var updatedAt: Date
    /// Values set by intake and by transition fields (e.g. `decision`, `order_no`).
    public var attributes: [String: String]
    /// The version (1-based place) of the latest event of each type: pending requests and
    /// their approvals are judged by order, not by clock.
    public var eventVersions: [String: Int]
    /// The time of the latest event of each type: windows such as 复查's 30 days run from it.
    public var eventTimes: [String: Date]

    public init(registration: Registration, initialState: String, at: Date) {
        workflow = registration.workflow
        workflowVersion = registration.workflowVersion
        state = initialState
        version = 0
        self.registration = registration
        orgID = registration.orgID
        orgTrail = [registration.orgID]
        handlerID = ""
        matterClass = registration.matterClass
        deadlines = [:]
        commandCounts = [:]
        supervised = false
        leaderInCharge = ""
        links = []
        pendingDuplicates = []
        createdAt = at
        updatedAt = at
        attributes = Dictionary(registration.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        eventVersions = [:]
        eventTimes = [:]
    }

    /// A case attribute by name; `matter_class` reads the case's matter class.
    public func attribute(_ name: String) -> String? {
        if name == "matter_class" { return matterClass.isEmpty ? nil : matterClass }
        return attributes[name]
    }
}

/// One deadline clock on a case.
public struct DeadlineClock: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable, Codable { case running, paused, met, breached, cancelled }

    public var id: String
    public var label: String
    public var status: Status
    public var dueAt: Date
    public var warnAt: Date?
    public var warned: Bool
    public var derivation: DeadlineDerivation?
    /// When it was paused and the event type that paused it, while it is paused.
    public var pausedAt: Date?
    public var pausedBy: String?
    /// How many times it has been extended.
    public var extensionsUsed: Int

    public init(id: String, label: String, status: Status, dueAt: Date, warnAt: Date?, warned: Bool = false, derivation: DeadlineDerivation?) {
        self.id = id
        self.label = label
        self.status = status
        self.dueAt = dueAt
        self.warnAt = warnAt
        self.warned = warned
        self.derivation = derivation
        self.pausedAt = nil
        self.pausedBy = nil
        self.extensionsUsed = 0
    }

    /// Running or paused: the clock still counts (or will again).
    public var isLive: Bool { status == .running || status == .paused }
}
