/// The checks a parsed workflow must pass before the engine may use it: every state named
/// exists and is reachable, no non-terminal state is a dead end, every deadline has a clock
/// and a unit, no id is used twice, every role is one a user can hold, and every event a
/// rule names is one the workflow emits.
struct WorkflowValidator {
    let workflow: WorkflowDefinition
    let file: String
    /// Item paths (`transitions[3]`) to the line they start on.
    let lines: [String: Int]

    func validate() throws(WorkflowLoadError) {
        try checkStates()
        try checkTransitions()
        try checkDeadlines()
        try checkGraph()
    }

    private func fail(_ code: WorkflowLoadError.Code, _ field: String, _ problem: String) -> WorkflowLoadError {
        let item = field.split(separator: ".").first.map(String.init) ?? field
        return WorkflowLoadError(code: code, file: file, workflow: workflow.id, field: field, line: lines[item], problem: problem)
    }

    private var stateIDs: [String] { workflow.states.map(\.id) }

    private func checkStates() throws(WorkflowLoadError) {
        var seen: Set<String> = []
        for (index, state) in workflow.states.enumerated() where !seen.insert(state.id).inserted {
            throw fail(.duplicateID, "states[\(index)].id", "state `\(state.id)` is defined twice")
        }
        guard workflow.state(workflow.initialState) != nil else {
            throw fail(.missingState, "initial_state", "state `\(workflow.initialState)` does not exist (states: \(stateIDs.joined(separator: ", ")))")
        }
        if let terminal = workflow.state(workflow.initialState), terminal.terminal {
            throw fail(.deadEnd, "initial_state", "state `\(terminal.id)` is terminal; a case could never move")
        }
    }

    private func checkTransitions() throws(WorkflowLoadError) {
        let known = Set(Role.known.map(\.0))
        let emitted = workflow.eventTypes
        var pairs: [String: Int] = [:]
        for (index, transition) in workflow.transitions.enumerated() {
            let path = "transitions[\(index)]"
            for (roleIndex, role) in transition.roles.enumerated() where !known.contains(role) {
                let names = Role.known.map(\.0.rawValue).joined(separator: ", ")
                throw fail(.unknownRole, "\(path).roles[\(roleIndex)]", "role `\(role)` is not a role anyone can hold (roles: \(names))")
            }
            for (fromIndex, from) in transition.from.enumerated()
            where from != WorkflowTransition.anyState && workflow.state(from) == nil {
                throw fail(.missingState, "\(path).from[\(fromIndex)]", "state `\(from)` does not exist (states: \(stateIDs.joined(separator: ", ")))")
            }
            if !transition.to.isEmpty, workflow.state(transition.to) == nil {
                throw fail(.missingState, "\(path).to", "state `\(transition.to)` does not exist (states: \(stateIDs.joined(separator: ", ")))")
            }
            for from in transition.from {
                let key = "\(transition.command)@\(from)"
                if let first = pairs[key] {
                    throw fail(.duplicateID, "\(path).command", "command `\(transition.command)` from `\(from)` is already defined by transitions[\(first)]")
                }
                pairs[key] = index
            }
            if CaseEventType.engineTypes.contains(transition.emits) {
                throw fail(.invalidValue, "\(path).emits", "`\(transition.emits)` is an event type the engine itself emits; choose another")
            }
            var names: Set<String> = []
            for (fieldIndex, rule) in (transition.requiredFields + transition.optionalFields).enumerated()
            where !names.insert(rule.name).inserted {
                throw fail(.duplicateID, "\(path).fields[\(fieldIndex)].name", "field `\(rule.name)` is declared twice")
            }
            if !["", "leader", "handler"].contains(transition.recordActorAs) {
                throw fail(.invalidValue, "\(path).record_actor_as", "must be leader or handler, not `\(transition.recordActorAs)`")
            }
            for (guardIndex, rule) in transition.guards.enumerated() {
                try checkGuard(rule, at: "\(path).guards[\(guardIndex)]", emitted: emitted)
            }
        }
        // A command listed from "*" and again from a named state is ambiguous there.
        for (index, transition) in workflow.transitions.enumerated() where transition.from.contains(WorkflowTransition.anyState) {
            for (otherIndex, other) in workflow.transitions.enumerated()
            where otherIndex != index && other.command == transition.command {
                throw fail(.duplicateID, "transitions[\(max(index, otherIndex))].command", "command `\(transition.command)` is defined from `*` by transitions[\(index)] and again by transitions[\(otherIndex)]")
            }
        }
    }

    private func checkGuard(_ rule: TransitionGuard, at path: String, emitted: Set<String>) throws(WorkflowLoadError) {
        let events: [String]
        switch rule.kind {
        case .within, .windowElapsed: events = rule.after
        case .pending, .notPending: events = [rule.requestedBy] + rule.resolvedBy
        case .maxCount:
            guard workflow.transitions.contains(where: { $0.command == rule.command }) else {
                throw fail(.invalidValue, "\(path).max_count.command", "command `\(rule.command)` is not a command of this workflow")
            }
            events = []
        case .attributeIn, .requiresLink, .blockedByLink: events = []
        }
        for event in events where !emitted.contains(event) {
            throw fail(.invalidValue, "\(path).\(rule.kind.rawValue)", "event `\(event)` is not emitted by any transition")
        }
    }

    private func checkDeadlines() throws(WorkflowLoadError) {
        let emitted = workflow.eventTypes
        var ids: Set<String> = []
        for (index, deadline) in workflow.deadlines.enumerated() {
            let path = "deadlines[\(index)]"
            guard ids.insert(deadline.id).inserted else {
                throw fail(.duplicateID, "\(path).id", "deadline `\(deadline.id)` is defined twice")
            }
            guard !deadline.startsOn.isEmpty else {
                throw fail(.incompleteDeadline, "\(path).starts_on", "deadline `\(deadline.id)` has no clock: starts_on names no event")
            }
            for event in deadline.startsOn where !emitted.contains(event) {
                throw fail(.incompleteDeadline, "\(path).starts_on", "deadline `\(deadline.id)` has no clock: `\(event)` is not emitted by any transition")
            }
            let lists = [("stops_on", deadline.stopsOn), ("pauses_on", deadline.pausesOn), ("resumes_on", deadline.resumesOn)]
            for (key, list) in lists {
                for event in list where !emitted.contains(event) {
                    throw fail(.invalidValue, "\(path).\(key)", "event `\(event)` is not emitted by any transition")
                }
            }
            if deadline.pausesOn.isEmpty != deadline.resumesOn.isEmpty {
                throw fail(.invalidValue, "\(path).resumes_on", "pauses_on and resumes_on go together: a paused clock must be able to resume")
            }
            for action in deadline.onBreach where !DeadlineRule.breachActions.contains(action) {
                throw fail(.invalidValue, "\(path).on_breach", "unknown action `\(action)`; expected \(DeadlineRule.breachActions.joined(separator: ", "))")
            }
            for action in deadline.onWarning where !DeadlineRule.warningActions.contains(action) {
                throw fail(.invalidValue, "\(path).on_warning", "unknown action `\(action)`; expected \(DeadlineRule.warningActions.joined(separator: ", "))")
            }
            try checkExtension(deadline, at: path, emitted: emitted)
            var values: Set<String> = []
            for (classIndex, item) in deadline.classes.enumerated() where !values.insert(item.value).inserted {
                throw fail(.duplicateID, "\(path).classes[\(classIndex)].value", "class `\(item.value)` is listed twice")
            }
            if !deadline.classes.isEmpty, deadline.classBy.isEmpty {
                throw fail(.invalidValue, "\(path).class_by", "classes need class_by: the case attribute that picks one")
            }
        }
    }

    private func checkExtension(_ deadline: DeadlineRule, at path: String, emitted: Set<String>) throws(WorkflowLoadError) {
        guard !deadline.extendedBy.isEmpty else { return }
        guard emitted.contains(deadline.extendedBy) else {
            throw fail(.invalidValue, "\(path).extended_by", "event `\(deadline.extendedBy)` is not emitted by any transition")
        }
        guard deadline.maxExtension > 0 || deadline.classes.contains(where: { ($0.maxExtension ?? 0) > 0 }) else {
            throw fail(.invalidValue, "\(path).max_extension", "an extendable deadline needs max_extension (the most it may be extended by)")
        }
        for (index, transition) in workflow.transitions.enumerated() where transition.emits == deadline.extendedBy {
            guard let rule = transition.requiredFields.first(where: { $0.name == deadline.extensionField }), rule.type == .integer else {
                throw fail(.invalidValue, "transitions[\(index)].fields", "`\(transition.command)` extends deadline `\(deadline.id)` and must require the integer field `\(deadline.extensionField)`")
            }
        }
    }

    private func checkGraph() throws(WorkflowLoadError) {
        var reached: Set<String> = [workflow.initialState]
        var queue = [workflow.initialState]
        while let current = queue.popLast() {
            for transition in workflow.transitions(from: current) where !transition.to.isEmpty {
                if reached.insert(transition.to).inserted { queue.append(transition.to) }
            }
        }
        for (index, state) in workflow.states.enumerated() where !reached.contains(state.id) {
            throw fail(.unreachableState, "states[\(index)]", "state `\(state.id)` (\(state.label)) cannot be reached from `\(workflow.initialState)`")
        }
        for (index, state) in workflow.states.enumerated() where !state.terminal {
            let exits = workflow.transitions(from: state.id).filter { !$0.to.isEmpty && $0.to != state.id }
            if exits.isEmpty {
                throw fail(.deadEnd, "states[\(index)]", "state `\(state.id)` (\(state.label)) is not terminal but no transition leads out of it")
            }
        }
    }
}
