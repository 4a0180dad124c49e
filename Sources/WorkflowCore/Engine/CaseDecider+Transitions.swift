import Foundation

extension CaseDecider {
    /// The workflow commands an actor in `role` may fire now: those from the current state
    /// that the role holds and whose timeless guards pass (the matter class's track, pending
    /// approvals, caps, links). Time windows are judged when the command is decided.
    public func availableTransitions(state: CaseState, role: Role) -> [WorkflowTransition] {
        guard let workflow = catalog[state.workflow] else { return [] }
        let rules = WorkflowRules(calendar: calendar, utcOffsetSeconds: utcOffsetSeconds, orgs: orgs)
        return workflow.transitions(from: state.state).filter { transition in
            guard transition.roles.contains(role) else { return false }
            return transition.guards.filter(\.isTimeless).allSatisfy { rule in
                (try? rules.check(rule, transition: transition, state: state, workflow: workflow, now: state.updatedAt)) != nil
            }
        }
    }

    /// Whether the case's matter was finally decided (复核意见 given, the workflow's
    /// `final_review_event`): a new petition on the same facts and reasons is then not
    /// accepted again; the gateway links it with kind `not_accepted_after_review`.
    public func isFinallyReviewed(_ state: CaseState) -> Bool {
        guard let event = catalog[state.workflow]?.resolvedSettings.finalReviewEvent, !event.isEmpty else { return false }
        return state.eventVersions[event] != nil
    }

    func transitionEvent(
        _ name: String, fields: [Field], state: CaseState, workflow: WorkflowDefinition, actor: Actor, now: Date
    ) throws(CaseRejection) -> CaseEvent {
        let candidates = workflow.transitions(from: state.state)
        guard let transition = candidates.first(where: { $0.command == name }) else {
            throw .commandNotAllowed(
                command: name, state: state.state, stateLabel: workflow.state(state.state)?.label ?? state.state,
                allowed: candidates.map(\.command))
        }
        guard transition.roles.contains(actor.role) else {
            throw .roleDenied(command: name, role: actor.role, allowedRoles: transition.roles)
        }
        var checked = try checkFields(fields, for: transition)
        if !transition.recordActorAs.isEmpty {
            checked.removeAll { $0.name == transition.recordActorAs }
            checked.append(Field(transition.recordActorAs, actor.id))
        }
        let rules = WorkflowRules(calendar: calendar, utcOffsetSeconds: utcOffsetSeconds, orgs: orgs)
        try rules.check(transition, fields: checked, state: state, workflow: workflow, actor: actor, now: now)
        // A decision that rests on a link (不再受理) points at the earlier case in its own record.
        for rule in transition.guards where rule.kind == .requiresLink && checked[field: "earlier_case"] == nil {
            if let link = state.links.last(where: { $0.kind == rule.linkKind }) {
                checked.append(Field("earlier_case", link.otherCaseNumber.description))
            }
        }
        let record = TransitionRecord(command: name, from: state.state, to: transition.to, fields: checked)
        return CaseEvent(type: transition.emits, actor: actor, at: now, payload: .transitioned(record))
    }

    /// Required fields present, every declared field of its type and within its limits;
    /// undeclared fields are kept within the general text limit.
    private func checkFields(_ fields: [Field], for transition: WorkflowTransition) throws(CaseRejection) -> [Field] {
        var result: [Field] = []
        for rule in transition.requiredFields {
            guard let value = fields[field: rule.name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw .invalidField(
                    field: "\(transition.command).\(rule.name)",
                    problem: "\(transition.command) needs \(rule.label) (`\(rule.name)`)", limit: nil)
            }
            result.append(Field(rule.name, try checkValue(value, rule: rule, command: transition.command)))
        }
        for rule in transition.optionalFields {
            guard let value = fields[field: rule.name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                continue
            }
            result.append(Field(rule.name, try checkValue(value, rule: rule, command: transition.command)))
        }
        for field in fields where !result.contains(where: { $0.name == field.name }) {
            try RegistrationRules.limitText(field.value, field: "\(transition.command).\(field.name)", limit: Limits.fieldCharacters)
            result.append(field)
        }
        return result
    }

    private func checkValue(_ value: String, rule: FieldRule, command: String) throws(CaseRejection) -> String {
        let path = "\(command).\(rule.name)"
        try RegistrationRules.limitText(value, field: path, limit: rule.maxLength > 0 ? rule.maxLength : Limits.fieldCharacters)
        if !rule.oneOf.isEmpty, !rule.oneOf.contains(value) {
            throw .invalidField(field: path, problem: "must be one of \(rule.oneOf.joined(separator: ", "))", limit: nil)
        }
        switch rule.type {
        case .text:
            break
        case .integer:
            guard let number = Int(value), number >= 1 else {
                throw .invalidField(field: path, problem: "must be a whole number of at least 1, not `\(value)`", limit: nil)
            }
        case .date:
            guard CivilDate(value) != nil else {
                throw .invalidField(field: path, problem: "must be a date YYYY-MM-DD, not `\(value)`", limit: nil)
            }
        }
        return value
    }

    /// Transition fields that change who is responsible and how closely the case is watched.
    /// Field names with a meaning here are documented in docs/workflows.md.
    func applyTransitionFields(_ record: TransitionRecord, to state: inout CaseState) {
        if let org = record.fields[field: "target_org"], !org.isEmpty {
            state.orgID = org
            if !state.orgTrail.contains(org) { state.orgTrail.append(org) }
        }
        if let handler = record.fields[field: "handler"], !handler.isEmpty { state.handlerID = handler }
        if let matterClass = record.fields[field: "matter_class"], !matterClass.isEmpty { state.matterClass = matterClass }
        if let leader = record.fields[field: "leader"], !leader.isEmpty { state.leaderInCharge = leader }
        if let supervision = record.fields[field: "supervision"], !supervision.isEmpty { state.supervised = true }
        for field in record.fields { state.attributes[field.name] = field.value }
    }
}
