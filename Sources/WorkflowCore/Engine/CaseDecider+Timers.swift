import Foundation

extension CaseDecider {
    /// Events for a timer that came due, or none if the deadline no longer runs, was already
    /// warned, or is not due yet (a stale timer after an extension or a pause).
    ///
    /// A warning is `deadline_warned`, plus 催办 (`urged_on_warning`) when the rule says
    /// `on_warning: [urge]`. A breach is `deadline_breached`, plus 督办
    /// (`supervised_on_breach`) for `supervise` and 挂牌督办 (`escalated_on_breach`) for
    /// `escalate`; both raise the case's `supervised` flag.
    func timerEvents(
        deadlineID: String, kind: TimerKind, dueAt: Date, state: CaseState, workflow: WorkflowDefinition, now: Date
    ) -> [CaseEvent] {
        guard let clock = state.deadlines[deadlineID], clock.status == .running else { return [] }
        let rule = workflow.deadline(deadlineID)
        let due = DeadlineText.time(clock.dueAt, utcOffsetSeconds: utcOffsetSeconds)
        switch kind {
        case .warning:
            guard !clock.warned, let warnAt = clock.warnAt, warnAt <= now else { return [] }
            let record = DeadlineRecord(
                change: "warned", deadlineID: deadlineID, label: clock.label, dueAt: clock.dueAt, warnAt: warnAt)
            var events = [CaseEvent(type: CaseEventType.deadlineWarned, actor: .system, at: now, payload: .deadline(record))]
            if rule?.onWarning.contains("urge") == true {
                events.append(
                    action(
                        CaseEventType.urgedOnWarning, command: "urge", state: state, now: now,
                        fields: [Field("reason", "「\(clock.label)」将于\(due)届满，系统催办"), Field("deadline", deadlineID)]))
            }
            return events
        case .breach:
            guard clock.dueAt <= now else { return [] }
            let record = DeadlineRecord(change: "breached", deadlineID: deadlineID, label: clock.label, dueAt: clock.dueAt)
            var events = [CaseEvent(type: CaseEventType.deadlineBreached, actor: .system, at: now, payload: .deadline(record))]
            let source = rule.map { $0.source.isEmpty ? "" : "（\($0.source)）" } ?? ""
            for name in rule?.onBreach ?? [] {
                switch name {
                case "supervise":
                    events.append(
                        action(
                            CaseEventType.supervisedOnBreach, command: "supervise", state: state, now: now,
                            fields: [
                                Field("supervision", "supervise"), Field("reason", "「\(clock.label)」已于\(due)届满未办结\(source)，系统督办"),
                                Field("deadline", deadlineID),
                            ]))
                case "escalate":
                    events.append(
                        action(
                            CaseEventType.escalatedOnBreach, command: "escalate", state: state, now: now,
                            fields: [
                                Field("supervision", "listed"), Field("reason", "「\(clock.label)」已于\(due)届满未办结\(source)，挂牌督办"),
                                Field("deadline", deadlineID),
                            ]))
                default:
                    break  // overdue_event: the breach event itself
                }
            }
            return events
        }
    }

    /// An action the engine takes on a timer, recorded like a transition that stays in place.
    private func action(_ type: String, command: String, state: CaseState, now: Date, fields: [Field]) -> CaseEvent {
        let record = TransitionRecord(command: command, from: state.state, to: "", fields: fields)
        return CaseEvent(type: type, actor: .system, at: now, payload: .transitioned(record))
    }
}
