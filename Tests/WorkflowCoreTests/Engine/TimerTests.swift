import Foundation
import Testing

@testable import WorkflowCore

@Suite("Timers: warnings, breaches and what the workflow does then (催办, 督办)")
struct TimerTests {
    func acceptedClaim() throws -> CaseSpec {
        var spec = try CaseSpec(registration(workflow: "xinfang", matterClass: "claim", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        try RuleRow.apply(Xinfang.accept, to: &spec)
        return spec
    }

    @Test("given a running 60-day clock, when the warning timer fires, then deadline_warned once")
    func warning() throws {
        var spec = try acceptedClaim()
        let clock = try #require(spec.clock("handling"))
        let events = try spec.run(.fireTimer(deadlineID: "handling", kind: .warning, dueAt: clock.warnAt!), by: .system, at: "2025-04-27 00:00")
        #expect(summary(events) == ["deadline_warned:handling"])
        #expect(spec.clock("handling")?.warned == true)
        let again = try spec.run(.fireTimer(deadlineID: "handling", kind: .warning, dueAt: clock.warnAt!), by: .system, at: "2025-04-28 00:00")
        #expect(again.isEmpty)
    }

    @Test("《信访工作条例》督办: a breached 办理期限 is marked and 督办 raises the supervised flag")
    func breachSupervises() throws {
        var spec = try acceptedClaim()
        let clock = try #require(spec.clock("handling"))
        let early = try spec.run(.fireTimer(deadlineID: "handling", kind: .breach, dueAt: clock.dueAt), by: .system, at: "2025-05-06 23:59")
        #expect(early.isEmpty)
        let events = try spec.run(.fireTimer(deadlineID: "handling", kind: .breach, dueAt: clock.dueAt), by: .system, at: "2025-05-07 00:00")
        #expect(summary(events) == ["deadline_breached:handling", "supervised_on_breach"])
        #expect(spec.clock("handling")?.status == .breached)
        #expect(spec.state?.supervised == true)
        guard case .transitioned(let record) = events[1].payload else { throw CaseRejection.caseMissing }
        #expect(record.fields[field: "reason"]?.contains("「办理期限」已于2025年5月6日 24:00届满未办结") == true)
        // Replying late closes the clock as late, not as met.
        let reply = try spec.act("reply", ["decision": "explain", "reply": "解释"], by: Staff.handler, at: "2025-05-08 10:00")
        #expect(summary(reply) == ["replied", "deadline_met:handling"])
        guard case .deadline(let late) = reply[1].payload else { throw CaseRejection.caseMissing }
        #expect(late.change == "closed_late")
        #expect(spec.clock("handling")?.status == .breached)
    }

    @Test("a timer for a due time an extension has moved does nothing")
    func staleTimerAfterExtension() throws {
        var spec = try acceptedClaim()
        let original = try #require(spec.clock("handling")).dueAt
        for step in [Xinfang.requestExtension, Xinfang.approveExtension(30)] { try RuleRow.apply(step, to: &spec) }
        let events = try spec.run(.fireTimer(deadlineID: "handling", kind: .breach, dueAt: original), by: .system, at: "2025-05-07 00:00")
        #expect(events.isEmpty)
        #expect(spec.clock("handling")?.status == .running)
    }

    @Test("12345: a warning on the unit clock also 催办 (on_warning: urge)")
    func hotlineUrges() throws {
        var spec = try CaseSpec(
            registration(workflow: "hotline12345", receivedAt: "2025-03-03 09:00", attributes: [Field("urgency", "urgent")]),
            at: "2025-03-03 09:00")
        try spec.act("dispatch", ["target_org": "org-zjj"], by: Staff.receptionist, at: "2025-03-03 09:10")
        try spec.act("sign", by: Staff.handler, at: "2025-03-03 09:30")
        let unit = try #require(spec.clock("unit"))
        #expect(unit.dueAt == at("2025-03-03 21:30"))
        #expect(unit.warnAt == at("2025-03-03 19:30"))
        let events = try spec.run(.fireTimer(deadlineID: "unit", kind: .warning, dueAt: unit.warnAt!), by: .system, at: "2025-03-03 19:30")
        #expect(summary(events) == ["deadline_warned:unit", "urged_on_warning"])
        #expect(spec.state?.commandCounts["urge"] == 1)
    }

    @Test("a terminal state cancels every clock still running")
    func terminalCancels() throws {
        var spec = try CaseSpec(
            registration(workflow: "hotline12345", receivedAt: "2025-03-03 09:00", attributes: [Field("urgency", "ordinary")]),
            at: "2025-03-03 09:00")
        for (command, fields, actor) in [
            ("answer_directly", ["reply": "已答复政策"], Staff.receptionist), ("survey", ["contact": "reached"], Staff.receptionist),
            ("evaluate", ["satisfaction": "satisfied"], Staff.receptionist),
        ] {
            try spec.act(command, fields, by: actor, at: "2025-03-03 10:00")
        }
        #expect(spec.clock("order")?.status == .met)
        try spec.act("archive", by: Staff.supervisor, at: "2025-03-04 10:00")
        #expect(spec.state?.state == "archived")
        #expect(spec.state?.deadlines.values.allSatisfy { !$0.isLive } == true)
    }

    @Test("on_breach: escalate raises 挂牌督办 (a site's own workflow file)")
    func escalateOnBreach() throws {
        let yaml = miniWorkflowYAML.replacingOccurrences(
            of: "amount: 5, unit: working_days }", with: "amount: 2, unit: hours, on_breach: [overdue_event, escalate] }")
        let catalog = try WorkflowLoader.catalog([("mini.yaml", yaml)])
        var spec = CaseSpec(decider: CaseDecider(catalog: catalog, calendar: try WorkingCalendar.bundled()))
        try spec.run(.register(registration(workflow: "mini", receivedAt: "2025-03-03 09:00")), by: Staff.receptionist, at: "2025-03-03 09:00")
        #expect(spec.clock("limit")?.dueAt == at("2025-03-03 11:00"))
        let events = try spec.run(.fireTimer(deadlineID: "limit", kind: .breach, dueAt: at("2025-03-03 11:00")), by: .system, at: "2025-03-03 11:00")
        #expect(summary(events) == ["deadline_breached:limit", "escalated_on_breach"])
        guard case .transitioned(let record) = events[1].payload else { throw CaseRejection.caseMissing }
        #expect(record.fields[field: "supervision"] == "listed")
        #expect(spec.state?.supervised == true)
    }

    @Test("timer events and deadline records survive a JSON round trip (the stored form)")
    func codable() throws {
        var spec = try acceptedClaim()
        try spec.run(.fireTimer(deadlineID: "handling", kind: .breach, dueAt: spec.clock("handling")!.dueAt), by: .system, at: "2025-05-08 00:00")
        let data = try JSONEncoder().encode(spec.events)
        let decoded = try JSONDecoder().decode([CaseEvent].self, from: data)
        #expect(decoded == spec.events)
        #expect(shippedDecider.fold(decoded) == spec.state)
    }
}
