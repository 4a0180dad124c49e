import Foundation

/// Rules beyond "this command from this state by this role": a workflow's guards (time
/// windows, caps, pending approvals, the matter class's track, links to earlier cases) and
/// the rules that hold in every workflow (informant protection). Each refusal is a
/// `CaseRejection.ruleRefused` naming the rule.
struct WorkflowRules {
    let calendar: WorkingCalendar
    let utcOffsetSeconds: Int
    let orgs: OrgHierarchy

    func check(
        _ transition: WorkflowTransition, fields: [Field], state: CaseState, workflow: WorkflowDefinition, actor: Actor,
        now: Date
    ) throws(CaseRejection) {
        try checkInformantProtection(fields: fields, state: state)
        for rule in transition.guards {
            try check(rule, transition: transition, state: state, workflow: workflow, now: now)
        }
    }

    /// A target org must exist in the tree (when the decider has one), and
    /// 《信访工作条例》第三十条: an informant's identity and materials never go to the person or
    /// organisation accused — not to the accused org, nor to any org below it.
    func checkInformantProtection(fields: [Field], state: CaseState) throws(CaseRejection) {
        guard let target = fields[field: "target_org"] else { return }
        if !orgs.isEmpty, !orgs.contains(target) {
            throw .invalidField(field: "target_org", problem: "no org `\(target)`", limit: nil)
        }
        let accused = state.registration.accused.orgID
        guard !accused.isEmpty, target == accused || orgs.isWithin(target, ancestor: accused) else { return }
        throw .ruleRefused(
            rule: "informant_protection",
            message: "a 检举控告 case cannot be sent to the accused organisation `\(accused)` or any org below it (《信访工作条例》第三十条)")
    }

    func check(
        _ rule: TransitionGuard, transition: WorkflowTransition, state: CaseState, workflow: WorkflowDefinition, now: Date
    ) throws(CaseRejection) {
        let source = rule.source.isEmpty ? "" : " (\(rule.source))"
        func refuse(_ generic: String, _ detail: String = "") -> CaseRejection {
            let head = rule.message.isEmpty ? generic : rule.message
            return .ruleRefused(rule: rule.rule, message: head + (detail.isEmpty ? "" : ": \(detail)") + source)
        }
        let name = "\(transition.label) (`\(transition.command)`)"
        switch rule.kind {
        case .within, .windowElapsed:
            let unit = rule.unit ?? .calendarDays
            guard let window = try self.window(rule, unit: unit, state: state, workflow: workflow) else {
                let events = rule.after.map(workflow.eventLabel).joined(separator: " or ")
                throw refuse("\(name) needs \(events) first")
            }
            let span = "it runs from \(window.startLabel) on \(window.startDate) \(window.endText)"
            if rule.kind == .within, now > window.end {
                throw refuse("\(name) is past its \(unit.englishSpan(rule.amount)) window", span)
            }
            if rule.kind == .windowElapsed, now <= window.end {
                throw refuse("\(name) must wait until the \(unit.englishSpan(rule.amount)) window has passed", span)
            }
        case .maxCount:
            let count = state.commandCounts[rule.command] ?? 0
            if count >= rule.max {
                let times = count == 1 ? "once" : "\(count) times"
                throw refuse("`\(rule.command)` may fire at most \(rule.max == 1 ? "once" : "\(rule.max) times")", "it has fired \(times)")
            }
        case .pending:
            if !isPending(rule, state: state) {
                throw refuse("\(name) answers a pending \(workflow.eventLabel(rule.requestedBy)), and none is pending")
            }
        case .notPending:
            if isPending(rule, state: state) {
                throw refuse("\(name) must wait: a \(workflow.eventLabel(rule.requestedBy)) is already pending")
            }
        case .attributeIn:
            let value = state.attribute(rule.attribute)
            if !(value.map(rule.values.contains) ?? false) {
                throw refuse(
                    "\(name) is for cases whose \(rule.attribute) is \(rule.values.joined(separator: " or "))",
                    "this case's \(rule.attribute) is \(value.map { "`\($0)`" } ?? "not set")")
            }
        case .requiresLink:
            if !state.links.contains(where: { $0.kind == rule.linkKind }) {
                throw refuse("\(name) needs a `\(rule.linkKind)` link to the earlier case")
            }
        case .blockedByLink:
            if let link = state.links.first(where: { $0.kind == rule.linkKind }) {
                throw refuse("\(name) is refused: the case is linked as `\(rule.linkKind)` to \(link.otherCaseNumber)", link.reason)
            }
        }
    }

    private func isPending(_ rule: TransitionGuard, state: CaseState) -> Bool {
        guard let requested = state.eventVersions[rule.requestedBy] else { return false }
        let resolved = rule.resolvedBy.compactMap { state.eventVersions[$0] }.max() ?? 0
        return requested > resolved
    }

    struct Window {
        var startLabel: String
        var startDate: CivilDate
        var end: Date
        /// "to the end of 2026-04-01" or "until 2026-04-01 10:00".
        var endText: String
    }

    /// The window a `within` guard allows, from the latest of its events (or the date in its
    /// `date_attribute`, when the case has one), counted like a deadline of the same unit.
    func window(
        _ rule: TransitionGuard, unit: DeadlineUnit, state: CaseState, workflow: WorkflowDefinition
    ) throws(CaseRejection) -> Window? {
        let latest = rule.after.compactMap { type in state.eventVersions[type].map { (type, $0) } }.max { $0.1 < $1.1 }
        guard let (type, _) = latest, var start = state.eventTimes[type] else { return nil }
        var startLabel = workflow.eventLabel(type)
        if !rule.dateAttribute.isEmpty, let text = state.attribute(rule.dateAttribute), let date = CivilDate(text) {
            start = date.instant(hour: 0, minute: 0, utcOffsetSeconds: utcOffsetSeconds)
            startLabel = "`\(rule.dateAttribute)`"
        }
        let settings = workflow.resolvedSettings
        let calc = DeadlineCalculator(calendar: calendar, utcOffsetSeconds: utcOffsetSeconds, settings: settings)
        do {
            let span = try calc.span(from: start, amount: rule.amount, unit: unit, countsFromNextDay: settings.countsFromNextDay)
            let endText =
                span.dueDate.map { "to the end of \($0)" }
                ?? "until \(DeadlineText.time(span.dueAt, utcOffsetSeconds: utcOffsetSeconds))"
            return Window(startLabel: startLabel, startDate: calc.civil(start), end: span.dueAt, endText: endText)
        } catch {
            throw .ruleRefused(rule: "working_calendar", message: "the \(rule.rule) window cannot be computed: \(error.message)")
        }
    }
}
