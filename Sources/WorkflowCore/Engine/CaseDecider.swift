public import Foundation

/// The pure engine: `decide` turns a command into events or a rejection, `evolve` folds an
/// event into the state. No clock, no I/O: time, workflows and the calendar come in as values.
public struct CaseDecider: Sendable {
    public let catalog: WorkflowCatalog
    public let calendar: WorkingCalendar
    /// The site's offset from UTC (China: +8 hours), for civil dates and office hours.
    public let utcOffsetSeconds: Int
    /// The org tree as of this decision (empty: no tree-based checks). Orgs change at run
    /// time, so the handler passes the current tree with each command (`with(orgs:)`).
    public private(set) var orgs = OrgHierarchy([])

    public init(catalog: WorkflowCatalog, calendar: WorkingCalendar, utcOffsetSeconds: Int = 8 * 3600) {
        self.catalog = catalog
        self.calendar = calendar
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The same decider deciding against another org tree.
    public func with(orgs: OrgHierarchy) -> CaseDecider {
        var copy = self
        copy.orgs = orgs
        return copy
    }

    /// The events a command produces against a case's current state (nil before registration).
    public func decide(_ command: CaseCommand, state: CaseState?, actor: Actor, now: Date) throws(CaseRejection) -> [CaseEvent] {
        var events: [CaseEvent]
        switch command {
        case .register(let registration):
            guard state == nil else { throw .caseAlreadyExists }
            guard let workflow = catalog[registration.workflow] else { throw .unknownWorkflow(registration.workflow) }
            try RegistrationRules.check(registration)
            if !orgs.isEmpty {
                guard orgs.contains(registration.orgID) else {
                    throw .invalidField(field: "submission.org_id", problem: "no org `\(registration.orgID)`", limit: nil)
                }
                let accused = registration.accused.orgID
                guard accused.isEmpty || orgs.contains(accused) else {
                    throw .invalidField(
                        field: "submission.accused.org_id",
                        problem: "no org `\(accused)`; name an organisation outside the system in accused.org_name", limit: nil)
                }
            }
            var stamped = registration
            stamped.workflowVersion = workflow.version
            events = [CaseEvent(type: "registered", actor: actor, at: now, payload: .registered(stamped))]
        case .act(let name, let fields):
            let (state, workflow) = try existing(state)
            events = [try transitionEvent(name, fields: fields, state: state, workflow: workflow, actor: actor, now: now)]
        case .addNote(let text):
            _ = try existing(state)
            try RegistrationRules.requireText(text, field: "note.text", limit: Limits.noteCharacters)
            events = [CaseEvent(type: "note_added", actor: actor, at: now, payload: .noteAdded(text: text))]
        case .recordDuplicates(let candidates):
            // Detection runs once per case, at intake: a second finding (the detector running a
            // batch again after a crash) records nothing.
            guard try existing(state).0.eventVersions["duplicates_suspected"] == nil, !candidates.isEmpty else { return [] }
            events = [CaseEvent(type: "duplicates_suspected", actor: actor, at: now, payload: .duplicatesSuspected(candidates))]
        case .link(let kind, let otherID, let otherNumber, let reason):
            _ = try existing(state)
            let kinds = ["duplicate", "merged_into", "repeat_of", "not_accepted_after_review", "dismissed"]
            guard kinds.contains(kind) else {
                throw .invalidField(field: "link.kind", problem: "must be one of \(kinds.joined(separator: ", "))", limit: nil)
            }
            try RegistrationRules.limitText(reason, field: "link.reason", limit: Limits.fieldCharacters)
            let record = CaseLinkRecord(kind: kind, otherCaseID: otherID, otherCaseNumber: otherNumber, reason: reason)
            events = [CaseEvent(type: kind == "dismissed" ? "duplicate_dismissed" : "linked", actor: actor, at: now, payload: .linked(record))]
        case .revealPersonalData(let reason, let fields):
            _ = try existing(state)
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count >= 2, trimmed.count <= 200 else {
                throw .invalidField(field: "reveal.reason", problem: "must say why, in 2 to 200 characters", limit: "200 characters")
            }
            events = [CaseEvent(type: "pii_revealed", actor: actor, at: now, payload: .personalDataRevealed(reason: trimmed, fields: fields))]
        case .fireTimer(let deadlineID, let kind, let dueAt):
            let (state, workflow) = try existing(state)
            events = timerEvents(deadlineID: deadlineID, kind: kind, dueAt: dueAt, state: state, workflow: workflow, now: now)
        }
        return try withDeadlineChanges(events, state: state)
    }

    /// The state after one event. Unknown or irrelevant events leave it unchanged but for the version.
    public func evolve(_ state: CaseState?, _ event: CaseEvent) -> CaseState? {
        if case .registered(let registration) = event.payload {
            let initial = catalog[registration.workflow]?.initialState ?? "registered"
            var fresh = CaseState(registration: registration, initialState: initial, at: event.at)
            fresh.version = 1
            fresh.eventVersions[event.type] = 1
            fresh.eventTimes[event.type] = event.at
            return fresh
        }
        guard var state else { return nil }
        state.version += 1
        state.updatedAt = event.at
        state.eventVersions[event.type] = state.version
        state.eventTimes[event.type] = event.at
        switch event.payload {
        case .registered:
            break
        case .transitioned(let record):
            state.commandCounts[record.command, default: 0] += 1
            if !record.to.isEmpty { state.state = record.to }
            applyTransitionFields(record, to: &state)
        case .noteAdded, .personalDataRevealed:
            break
        case .deadline(let record):
            applyDeadline(record, at: event.at, to: &state)
        case .duplicatesSuspected(let candidates):
            state.pendingDuplicates.append(contentsOf: candidates)
        case .linked(let link):
            state.pendingDuplicates.removeAll { $0.caseID == link.otherCaseID }
            if link.kind != "dismissed" { state.links.append(link) }
        }
        return state
    }

    /// The state of a case from all its events.
    public func fold(_ events: some Sequence<CaseEvent>) -> CaseState? {
        events.reduce(nil) { evolve($0, $1) }
    }

    private func existing(_ state: CaseState?) throws(CaseRejection) -> (CaseState, WorkflowDefinition) {
        guard let state else { throw .caseMissing }
        guard let workflow = catalog[state.workflow] else { throw .unknownWorkflow(state.workflow) }
        return (state, workflow)
    }
}
