import Foundation

extension CaseDecider {
    /// `events` with the deadline events the workflow's rules call for after each one:
    /// clocks started, met, paused, resumed, extended, and cancelled when the case ends.
    /// Every computed due time carries its derivation.
    func withDeadlineChanges(_ events: [CaseEvent], state: CaseState?) throws(CaseRejection) -> [CaseEvent] {
        var output: [CaseEvent] = []
        var current = state
        for event in events {
            output.append(event)
            guard var working = evolve(current, event), let workflow = catalog[working.workflow] else {
                current = evolve(current, event)
                continue
            }
            let version = working.version
            for rule in workflow.deadlines {
                for var change in try clockChanges(rule, after: event, version: version, state: working, workflow: workflow) {
                    change.setCause(event.type)
                    output.append(change)
                    working = evolve(working, change) ?? working
                }
            }
            if case .transitioned(let record) = event.payload, workflow.state(record.to)?.terminal == true {
                for clock in working.deadlines.values.sorted(by: { $0.id < $1.id }) where clock.isLive {
                    var cancel = deadlineEvent(CaseEventType.deadlineCancelled, "cancelled", clock, at: event.at)
                    cancel.setCause(event.type)
                    output.append(cancel)
                    working = evolve(working, cancel) ?? working
                }
            }
            current = working
        }
        return output
    }

    /// What one rule's clock does after `event` (at `version`), in order: stop, pause,
    /// resume, extend, start.
    private func clockChanges(
        _ rule: DeadlineRule, after event: CaseEvent, version: Int, state: CaseState, workflow: WorkflowDefinition
    ) throws(CaseRejection) -> [CaseEvent] {
        let type = event.type
        var changes: [CaseEvent] = []
        var clock = state.deadlines[rule.id]
        if rule.stopsOn.contains(type), let live = clock, live.isLive || live.status == .breached {
            let change = live.isLive ? "met" : "closed_late"
            changes.append(deadlineEvent(CaseEventType.deadlineMet, change, live, at: event.at))
            clock = nil
        }
        if rule.pausesOn.contains(type), var running = clock, running.status == .running {
            changes.append(deadlineEvent(CaseEventType.deadlinePaused, "paused", running, at: event.at))
            running.status = .paused
            running.pausedAt = event.at
            running.pausedBy = event.type
            clock = running
        }
        if rule.resumesOn.contains(type), let paused = clock, paused.status == .paused {
            let resumed = try resume(paused, rule: rule, by: event, orgID: state.orgID, workflow: workflow)
            changes.append(resumed)
            clock = nil
        }
        if !rule.extendedBy.isEmpty, rule.extendedBy == type {
            changes.append(try extend(clock ?? state.deadlines[rule.id], rule: rule, by: event, orgID: state.orgID, workflow: workflow))
        }
        if rule.startsOn.contains(type) {
            changes.append(try start(rule, by: event, version: version, state: state, workflow: workflow))
        }
        return changes
    }

    /// The calculator for a clock of `workflow` at the org handling the case: working hours
    /// are that org's office hours (or its nearest ancestor's), else the workflow's setting.
    func calculator(_ workflow: WorkflowDefinition, orgID: String) -> DeadlineCalculator {
        var settings = workflow.resolvedSettings
        if let text = orgs.officeHours(at: orgID), let hours = try? OfficeHours(parsing: text) {
            settings.officeHours = hours
        }
        return DeadlineCalculator(calendar: calendar, utcOffsetSeconds: utcOffsetSeconds, settings: settings)
    }

    private func start(
        _ rule: DeadlineRule, by event: CaseEvent, version: Int, state: CaseState, workflow: WorkflowDefinition
    ) throws(CaseRejection) -> CaseEvent {
        let received = state.registration.receivedAt
        // Only the registration itself counts from receipt (收到之日); later starts count from their event.
        let fromReceipt = rule.startsFrom == .receivedAt && event.type == CaseEventType.registered && received <= event.at
        let startedAt = fromReceipt ? received : event.at
        let terms = rule.terms(classValue: rule.classBy.isEmpty ? nil : state.attribute(rule.classBy))
        let calc = calculator(workflow, orgID: state.orgID)
        let span: DeadlineCalculator.Span
        let warnAt: Date?
        do {
            span = try calc.span(from: startedAt, amount: terms.amount, unit: terms.unit, countsFromNextDay: rule.countsFromNextDay)
            warnAt = try calc.warnAt(
                dueAt: span.dueAt, dueDate: span.dueDate, warnBefore: terms.warnBefore, unit: terms.unit, startedAt: startedAt)
        } catch {
            throw Self.calendarRefusal(rule, error)
        }
        let explanation = DeadlineExplanation(
            label: rule.label, startLabel: workflow.eventLabel(event.type), startVersion: version, startedAt: startedAt,
            registeredAt: fromReceipt ? event.at : nil, source: rule.source, terms: terms, classBy: rule.classBy,
            unitFromSetting: rule.unitFromSetting, countsFromNextDay: rule.countsFromNextDay,
            officeHours: calc.settings.officeHours, span: span, utcOffsetSeconds: utcOffsetSeconds)
        var derivation = DeadlineDerivation(
            startedByEvent: event.type, startedByVersion: version, startedAt: startedAt, amount: terms.amount,
            unit: terms.unit.rawValue, countsFromNextDay: rule.countsFromNextDay, source: rule.source,
            skipped: span.skipped, makeupDaysCounted: span.makeups, explanation: explanation.text)
        derivation.dueDate = span.dueDate
        derivation.deadlineClass = terms.classValue
        let record = DeadlineRecord(
            change: "started", deadlineID: rule.id, label: rule.label, dueAt: span.dueAt, warnAt: warnAt, derivation: derivation)
        return CaseEvent(type: CaseEventType.deadlineStarted, actor: .system, at: event.at, payload: .deadline(record))
    }

    private func extend(
        _ clock: DeadlineClock?, rule: DeadlineRule, by event: CaseEvent, orgID: String, workflow: WorkflowDefinition
    ) throws(CaseRejection) -> CaseEvent {
        guard case .transitioned(let transition) = event.payload else {
            throw .ruleRefused(rule: "extension", message: "`\(event.type)` carries no extension")
        }
        let fieldPath = "\(transition.command).\(rule.extensionField)"
        guard let clock, clock.isLive, let derivation = clock.derivation else {
            throw .ruleRefused(rule: "extension", message: "\(rule.label) (`\(rule.id)`) is not running; there is nothing to extend")
        }
        let terms = rule.terms(classValue: derivation.deadlineClass)
        let unit = DeadlineUnit(rawValue: derivation.unit) ?? terms.unit
        guard clock.extensionsUsed < rule.maxExtensions else {
            let times = rule.maxExtensions == 1 ? "once" : "\(rule.maxExtensions) times"
            throw .ruleRefused(
                rule: "extension_once",
                message: "extension already used: \(rule.label) (`\(rule.id)`) may be extended \(times)"
                    + (rule.source.isEmpty ? "" : " (\(rule.source))"))
        }
        guard let text = transition.fields[field: rule.extensionField], let amount = Int(text), amount >= 1 else {
            throw .invalidField(field: fieldPath, problem: "must be a whole number of \(unit.rawValue) of at least 1", limit: nil)
        }
        guard amount <= terms.maxExtension else {
            throw .invalidField(
                field: fieldPath,
                problem: "asks for \(unit.englishAmount(amount)); \(rule.label) may be extended by at most \(unit.englishAmount(terms.maxExtension))"
                    + (rule.source.isEmpty ? "" : " (\(rule.source))"),
                limit: unit.englishAmount(terms.maxExtension))
        }
        let calc = calculator(workflow, orgID: orgID)
        let span: DeadlineCalculator.Span
        let warnAt: Date?
        do {
            span = try calc.extended(dueAt: clock.dueAt, dueDate: derivation.dueDate, by: amount, unit: unit)
            warnAt = try calc.warnAt(
                dueAt: span.dueAt, dueDate: span.dueDate, warnBefore: terms.warnBefore, unit: unit, startedAt: event.at)
        } catch {
            throw Self.calendarRefusal(rule, error)
        }
        let reason = transition.fields[field: "reason"].map { "（理由：\($0)）" } ?? ""
        let due = span.dueDate.map(DeadlineText.date) ?? DeadlineText.time(span.dueAt, utcOffsetSeconds: utcOffsetSeconds)
        let sentence =
            "\(DeadlineText.time(event.at, utcOffsetSeconds: utcOffsetSeconds))「\(workflow.eventLabel(event.type))」"
            + "延长\(DeadlineText.amount(amount, unit))\(reason)，期限延至\(due)" + (span.notes.isEmpty ? "" : "（\(span.notes.joined(separator: "；"))）")
        var updated = derivation
        updated.adjustments.append(sentence)
        updated.explanation += sentence + "。"
        updated.skipped += span.skipped
        updated.makeupDaysCounted += span.makeups
        updated.dueDate = span.dueDate
        let record = DeadlineRecord(
            change: "extended", deadlineID: rule.id, label: rule.label, dueAt: span.dueAt, warnAt: warnAt, derivation: updated)
        return CaseEvent(type: CaseEventType.deadlineExtended, actor: .system, at: event.at, payload: .deadline(record))
    }

    private func resume(
        _ clock: DeadlineClock, rule: DeadlineRule, by event: CaseEvent, orgID: String, workflow: WorkflowDefinition
    ) throws(CaseRejection) -> CaseEvent {
        let pausedAt = clock.pausedAt ?? event.at
        let derivation = clock.derivation
        let terms = rule.terms(classValue: derivation?.deadlineClass)
        let unit = derivation.flatMap { DeadlineUnit(rawValue: $0.unit) } ?? terms.unit
        let calc = calculator(workflow, orgID: orgID)
        let result: (span: DeadlineCalculator.Span, given: Int, givenText: String)
        let warnAt: Date?
        do {
            result = try calc.resumed(dueAt: clock.dueAt, dueDate: derivation?.dueDate, pausedAt: pausedAt, resumedAt: event.at, unit: unit)
            warnAt = try calc.warnAt(
                dueAt: result.span.dueAt, dueDate: result.span.dueDate, warnBefore: terms.warnBefore, unit: unit, startedAt: event.at)
        } catch {
            throw Self.calendarRefusal(rule, error)
        }
        let due = result.span.dueDate.map(DeadlineText.date) ?? DeadlineText.time(result.span.dueAt, utcOffsetSeconds: utcOffsetSeconds)
        let pauseLabel = (clock.pausedBy ?? rule.pausesOn.first).map(workflow.eventLabel) ?? "暂停"
        let sentence =
            "\(DeadlineText.time(pausedAt, utcOffsetSeconds: utcOffsetSeconds))「\(pauseLabel)」至"
            + "\(DeadlineText.time(event.at, utcOffsetSeconds: utcOffsetSeconds))「\(workflow.eventLabel(event.type))」暂停计时，"
            + "不计入\(result.givenText)，期限顺延至\(due)"
        var updated = derivation
        updated?.adjustments.append(sentence)
        updated?.explanation += sentence + "。"
        updated?.skipped += result.span.skipped
        updated?.makeupDaysCounted += result.span.makeups
        updated?.dueDate = result.span.dueDate
        let record = DeadlineRecord(
            change: "resumed", deadlineID: rule.id, label: rule.label, dueAt: result.span.dueAt, warnAt: warnAt,
            derivation: updated)
        return CaseEvent(type: CaseEventType.deadlineResumed, actor: .system, at: event.at, payload: .deadline(record))
    }

    func deadlineEvent(_ type: String, _ change: String, _ clock: DeadlineClock, at: Date) -> CaseEvent {
        let record = DeadlineRecord(change: change, deadlineID: clock.id, label: clock.label, dueAt: clock.dueAt)
        return CaseEvent(type: type, actor: .system, at: at, payload: .deadline(record))
    }

    static func calendarRefusal(_ rule: DeadlineRule, _ error: CalendarError) -> CaseRejection {
        .ruleRefused(rule: "working_calendar", message: "\(rule.label) (`\(rule.id)`) cannot be computed: \(error.message)")
    }

    /// Folds one deadline change into the state.
    func applyDeadline(_ record: DeadlineRecord, at: Date, to state: inout CaseState) {
        let id = record.deadlineID
        switch record.change {
        case "started":
            state.deadlines[id] = DeadlineClock(
                id: id, label: record.label, status: .running, dueAt: record.dueAt ?? at, warnAt: record.warnAt,
                derivation: record.derivation)
        case "extended", "resumed":
            guard var clock = state.deadlines[id] else { return }
            clock.dueAt = record.dueAt ?? clock.dueAt
            clock.warnAt = record.warnAt
            clock.warned = false
            clock.derivation = record.derivation ?? clock.derivation
            if record.change == "extended" {
                clock.extensionsUsed += 1
            } else {
                clock.status = .running
                clock.pausedAt = nil
                clock.pausedBy = nil
            }
            state.deadlines[id] = clock
        case "paused":
            state.deadlines[id]?.status = .paused
            state.deadlines[id]?.pausedAt = at
            state.deadlines[id]?.pausedBy = record.cause
        case "warned": state.deadlines[id]?.warned = true
        case "breached": state.deadlines[id]?.status = .breached
        case "met": state.deadlines[id]?.status = .met
        case "cancelled": state.deadlines[id]?.status = .cancelled
        default: break  // "closed_late": a breached clock stays breached
        }
    }
}

extension CaseEvent {
    /// Records on a deadline event which event caused it.
    mutating func setCause(_ type: String) {
        if case .deadline(var record) = payload {
            record.cause = type
            payload = .deadline(record)
        }
    }
}
