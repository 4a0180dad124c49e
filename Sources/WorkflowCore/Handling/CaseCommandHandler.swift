public import Foundation

/// Runs commands against stored cases: load the events, fold, decide, append with the
/// expected version, and on a concurrent change fold the missed events and decide again.
/// Every case change in the daemon goes through here, so no rule lives outside the engine.
public struct CaseCommandHandler: Sendable {
    /// How often a command is decided again after losing a race.
    public static let maxAttempts = 8

    public let store: any EventStore
    public let decider: CaseDecider
    /// The current org tree, read for each command (orgs change at run time).
    private let orgs: @Sendable () async throws -> OrgHierarchy
    private let caseLocks = KeyedLock<CaseID>()
    private let states = CaseStateCache()

    public init(
        store: any EventStore, decider: CaseDecider,
        orgs: @escaping @Sendable () async throws -> OrgHierarchy = { OrgHierarchy([]) }
    ) {
        self.store = store
        self.decider = decider
        self.orgs = orgs
    }

    /// Registers a case, or returns the case its idempotency key created before.
    public func register(_ registration: Registration, actor: Actor, now: Date) async throws -> RegisterOutcome {
        let events = try decider.with(orgs: try await orgs()).decide(.register(registration), state: nil, actor: actor, now: now)
        let (state, orgs) = try steps(from: nil, through: events)
        let year = CivilDate(instant: now, utcOffsetSeconds: decider.utcOffsetSeconds).year
        return try await store.register(
            RegisterRequest(
                caseID: .generate(at: now), idempotencyKey: registration.idempotencyKey, year: year, events: events, state: state,
                eventOrgs: orgs))
    }

    /// Applies a command to an existing case. With `expectedVersion`, a case that changed
    /// since the caller looked answers `StoreError.conflict` instead of being decided again.
    public func handle(
        _ command: CaseCommand, caseID: CaseID, actor: Actor, now: Date, expectedVersion: Int? = nil
    ) async throws -> HandledCommand {
        try await caseLocks.withLock(caseID) {
            try await decideAndAppend(command, caseID: caseID, actor: actor, now: now, expectedVersion: expectedVersion)
        }
    }

    private func decideAndAppend(
        _ command: CaseCommand, caseID: CaseID, actor: Actor, now: Date, expectedVersion: Int?
    ) async throws -> HandledCommand {
        let decider = self.decider.with(orgs: try await orgs())
        for attempt in 0..<Self.maxAttempts {
            // Optimistic: the remembered fold first (commands on one case are serialised in this
            // process, so only another process can have moved it, and then the append's version
            // check refuses it); after a conflict, or before refusing, the log is read.
            var (state, checked) = try await current(caseID, fresh: attempt > 0)
            if let expectedVersion, expectedVersion != state.version, !checked {
                (state, checked) = try await current(caseID, fresh: true)
            }
            if let expectedVersion, expectedVersion != state.version {
                throw StoreError(.conflict, "case is at version \(state.version), the caller saw \(expectedVersion)")
            }
            let events: [CaseEvent]
            do {
                events = try decider.decide(command, state: state, actor: actor, now: now)
            } catch {
                // A refusal must be judged on the case as stored.
                guard !checked else { throw error }
                (state, checked) = try await current(caseID, fresh: true)
                events = try decider.decide(command, state: state, actor: actor, now: now)
            }
            guard !events.isEmpty else { return HandledCommand(state: state, events: []) }
            let (next, orgs) = try steps(from: state, through: events)
            do {
                let recorded = try await store.append(
                    AppendRequest(caseID: caseID, expectedVersion: state.version, events: events, state: next, eventOrgs: orgs))
                states.put(caseID, next)
                return HandledCommand(state: next, events: recorded)
            } catch let error as StoreError where error.code == .conflict && expectedVersion == nil {
                continue
            }
        }
        throw StoreError(.conflict, "case \(caseID) kept changing; gave up after \(Self.maxAttempts) attempts")
    }

    /// A case's state: the remembered fold as it is (`checked` false), or with `fresh` the
    /// remembered fold plus the events appended since; without one, the fold of the whole history.
    private func current(_ caseID: CaseID, fresh: Bool) async throws -> (state: CaseState, checked: Bool) {
        if let cached = states.get(caseID) {
            guard fresh else { return (cached, false) }
            var state = cached
            for recorded in try await store.events(of: caseID, afterVersion: cached.version) {
                guard let next = decider.evolve(state, recorded.event) else { throw StoreError(.corrupt, "case \(caseID) does not fold") }
                state = next
            }
            if state.version != cached.version { states.put(caseID, state) }
            return (state, true)
        }
        let history = try await store.events(of: caseID)
        guard let state = decider.fold(history.map(\.event)) else { throw StoreError(.notFound, "no case \(caseID)") }
        states.put(caseID, state)
        return (state, true)
    }

    /// Folds new events into a state, noting the responsible org after each one.
    func steps(from state: CaseState?, through events: [CaseEvent]) throws -> (CaseState, [String]) {
        var current = state
        var orgs: [String] = []
        for event in events {
            current = decider.evolve(current, event)
            orgs.append(current?.orgID ?? "")
        }
        guard let current else { throw StoreError(.corrupt, "events did not fold into a case") }
        return (current, orgs)
    }

    /// The current state and history of a case.
    public func load(_ caseID: CaseID) async throws -> (state: CaseState, history: [RecordedEvent])? {
        let history = try await store.events(of: caseID)
        guard let state = decider.fold(history.map(\.event)) else { return nil }
        return (state, history)
    }
}

/// What a command did: the state after it and the events it appended.
public struct HandledCommand: Sendable {
    public var state: CaseState
    public var events: [RecordedEvent]
}
