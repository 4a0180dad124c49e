import Foundation
import Testing

@testable import WorkflowCore

enum Hotline {
    static let dispatch = Step(command: "dispatch", fields: ["target_org": "org-zjj"], actor: Staff.receptionist, at: "2025-09-29 10:00")
    static let sign = Step(command: "sign", actor: Staff.handler, at: "2025-09-29 11:00")
    static func returnOrder(at time: String) -> Step {
        Step(command: "return_order", fields: ["reason": "非本单位职责"], actor: Staff.handler, at: time)
    }
    static func redispatch(at time: String) -> Step {
        Step(command: "dispatch", fields: ["target_org": "org-other"], actor: Staff.receptionist, at: time)
    }
    static let reply = Step(command: "reply", fields: ["result": "resolved", "reply": "已处理"], actor: Staff.handler, at: "2025-09-30 10:00")
    static let approve = Step(command: "approve_reply", actor: Staff.supervisor, at: "2025-09-30 11:00")
    static let survey = Step(command: "survey", fields: ["contact": "reached"], actor: Staff.receptionist, at: "2025-09-30 15:00")
    static func evaluate(_ satisfaction: String) -> Step {
        Step(command: "evaluate", fields: ["satisfaction": satisfaction], actor: Staff.receptionist, at: "2025-09-30 15:05")
    }
    static let evaluatedPath = [dispatch, sign, reply, approve, survey]
}

enum Grid {
    static let file = Step(command: "file", fields: ["event_class": "facilities"], actor: Staff.receptionist, at: "2025-03-03 09:30")
    static let dispatch = Step(command: "dispatch", fields: ["target_org": "org-street"], actor: Staff.supervisor, at: "2025-03-03 10:00")
    static let start = Step(command: "start_disposal", actor: Staff.handler, at: "2025-03-03 11:00")
    static let requestDeferral = Step(command: "request_deferral", fields: ["reason": "连续降雨无法施工"], actor: Staff.handler, at: "2025-03-04 10:00")
    static let approveDeferral = Step(command: "approve_deferral", actor: Staff.supervisor, at: "2025-03-04 11:00")
}

@Suite("hotline12345 and grid: 工单 and 网格事件 rules, one row per clause")
struct HotlineGridRuleTableTests {
    static let rows: [RuleRow] = [
        RuleRow(
            clause: "国办发〔2020〕53号 受理: registration starts the order clock (from 受理)", workflow: "hotline12345",
            attributes: [Field("urgency", "ordinary")], receivedAt: "2025-09-29 09:00", given: [], when: Hotline.dispatch,
            then: .emits(["dispatched"])),
        RuleRow(
            clause: "签收 starts the handling unit's clock (the second clock)", workflow: "hotline12345",
            attributes: [Field("urgency", "ordinary")], receivedAt: "2025-09-29 09:00", given: [Hotline.dispatch], when: Hotline.sign,
            then: .emits(["signed", "deadline_started:unit"])),
        RuleRow(
            clause: "派单 needs the handling unit (target org)", workflow: "hotline12345", receivedAt: "2025-09-29 09:00", given: [],
            when: Step(command: "dispatch", actor: Staff.receptionist, at: "2025-09-29 10:00"),
            then: .invalid(field: "dispatch.target_org", saying: "dispatch needs 承办单位 (`target_org`)")),
        RuleRow(
            clause: "山东省办法: 退单 within 2 working days of 派单, across 国庆 (Mon 09-29 → Thu 10-09 is the 2nd working day)",
            workflow: "hotline12345", receivedAt: "2025-09-29 09:00", given: [Hotline.dispatch],
            when: Hotline.returnOrder(at: "2025-10-09 17:00"), then: .emits(["order_returned"])),
        RuleRow(
            clause: "山东省办法: 退单 is past its 2-working-day window", workflow: "hotline12345", receivedAt: "2025-09-29 09:00",
            given: [Hotline.dispatch], when: Hotline.returnOrder(at: "2025-10-10 09:00"),
            then: .refused(rule: "return_window", saying: "退单 is past its 2-working-day window")),
        RuleRow(
            clause: "退单 needs a reason", workflow: "hotline12345", receivedAt: "2025-09-29 09:00", given: [Hotline.dispatch],
            when: Step(command: "return_order", actor: Staff.handler, at: "2025-09-29 11:00"),
            then: .invalid(field: "return_order.reason", saying: "return_order needs")),
        RuleRow(
            clause: "退单 cap: an order bounces at most twice, then the platform must assign it", workflow: "hotline12345",
            receivedAt: "2025-09-29 09:00",
            given: [
                Hotline.dispatch, Hotline.returnOrder(at: "2025-09-29 11:00"), Hotline.redispatch(at: "2025-09-29 12:00"),
                Hotline.returnOrder(at: "2025-09-29 14:00"), Hotline.redispatch(at: "2025-09-29 15:00"),
            ],
            when: Hotline.returnOrder(at: "2025-09-29 16:00"),
            then: .refused(rule: "bounce_cap", saying: "returned as often as allowed")),
        RuleRow(
            clause: "退单 after 签收 ends the unit's clock", workflow: "hotline12345", receivedAt: "2025-09-29 09:00",
            given: [Hotline.dispatch, Hotline.sign], when: Hotline.returnOrder(at: "2025-09-29 16:00"),
            then: .emits(["order_returned", "deadline_met:unit"])),
        RuleRow(
            clause: "回复 pauses the unit's clock while the platform reviews it", workflow: "hotline12345", receivedAt: "2025-09-29 09:00",
            given: [Hotline.dispatch, Hotline.sign], when: Hotline.reply, then: .emits(["replied", "deadline_paused:unit"])),
        RuleRow(
            clause: "审核通过 is 办结: both clocks are met and the 回访 clock starts", workflow: "hotline12345", receivedAt: "2025-09-29 09:00",
            given: [Hotline.dispatch, Hotline.sign, Hotline.reply], when: Hotline.approve,
            then: .emits(["reply_approved", "deadline_met:order", "deadline_met:unit", "deadline_started:survey"])),
        RuleRow(
            clause: "各地12345回访规则: 回访 on the next working day meets the 回访 clock", workflow: "hotline12345",
            receivedAt: "2025-09-29 09:00",
            given: [Hotline.dispatch, Hotline.sign, Hotline.reply, Hotline.approve], when: Hotline.survey,
            then: .emits(["surveyed", "deadline_met:survey"])),
        RuleRow(
            clause: "重办 only on dissatisfaction", workflow: "hotline12345", receivedAt: "2025-09-29 09:00",
            given: Hotline.evaluatedPath + [Hotline.evaluate("satisfied")],
            when: Step(command: "redo", fields: ["reason": "复查"], actor: Staff.supervisor, at: "2025-09-30 16:00"),
            then: .refused(rule: "redo_on_dissatisfaction", saying: "this case's satisfaction is `satisfied`")),
        RuleRow(
            clause: "重办 on dissatisfaction restarts both clocks", workflow: "hotline12345", receivedAt: "2025-09-29 09:00",
            given: Hotline.evaluatedPath + [Hotline.evaluate("dissatisfied")],
            when: Step(command: "redo", fields: ["reason": "群众不满意"], actor: Staff.supervisor, at: "2025-09-30 16:00"),
            then: .emits(["redo_ordered", "deadline_started:order", "deadline_started:unit"])),
        RuleRow(
            clause: "延期申请 is approved by the platform, not the unit", workflow: "hotline12345", receivedAt: "2025-09-29 09:00",
            given: [Hotline.dispatch, Hotline.sign, Step(command: "request_extension", fields: ["reason": "需协调"], actor: Staff.handler, at: "2025-09-29 12:00")],
            when: Step(command: "approve_extension", fields: ["extension": "3", "reason": "同意"], actor: Staff.handler, at: "2025-09-29 13:00"),
            then: .roleDenied),
        RuleRow(
            clause: "山东省办法: an approved extension (≤ 10 working days) extends both clocks", workflow: "hotline12345",
            receivedAt: "2025-09-29 09:00",
            given: [Hotline.dispatch, Hotline.sign, Step(command: "request_extension", fields: ["reason": "需协调"], actor: Staff.handler, at: "2025-09-29 12:00")],
            when: Step(command: "approve_extension", fields: ["extension": "3", "reason": "同意"], actor: Staff.supervisor, at: "2025-09-29 13:00"),
            then: .emits(["extension_approved", "deadline_extended:order", "deadline_extended:unit"])),
        RuleRow(
            clause: "GB/T 30428.8 立案 records the event class that picks the limit", workflow: "grid", receivedAt: "2025-03-03 09:00",
            given: [], when: Grid.file, then: .emits(["filed", "deadline_met:filing", "deadline_started:dispatch"])),
        RuleRow(
            clause: "GB/T 30428.8 立案: the event class is one of the standard's classes", workflow: "grid", receivedAt: "2025-03-03 09:00",
            given: [], when: Step(command: "file", fields: ["event_class": "noise"], actor: Staff.receptionist, at: "2025-03-03 09:30"),
            then: .invalid(field: "file.event_class", saying: "must be one of")),
        RuleRow(
            clause: "CJ/T 315 派遣 starts the 处置 clock", workflow: "grid", receivedAt: "2025-03-03 09:00", given: [Grid.file],
            when: Grid.dispatch, then: .emits(["dispatched", "deadline_met:dispatch", "deadline_started:disposal"])),
        RuleRow(
            clause: "CJ/T 315 回退 needs the command centre's approval of a request", workflow: "grid", receivedAt: "2025-03-03 09:00",
            given: [Grid.file, Grid.dispatch],
            when: Step(command: "approve_return", actor: Staff.supervisor, at: "2025-03-03 11:00"),
            then: .refused(rule: "return_pending", saying: "none is pending")),
        RuleRow(
            clause: "CJ/T 315 回退 approved: back to 立案 for re-dispatch, the 处置 clock ends", workflow: "grid", receivedAt: "2025-03-03 09:00",
            given: [Grid.file, Grid.dispatch, Step(command: "request_return", fields: ["reason": "非本单位"], actor: Staff.handler, at: "2025-03-03 10:30")],
            when: Step(command: "approve_return", actor: Staff.supervisor, at: "2025-03-03 11:00"),
            then: .emits(["return_approved", "deadline_started:dispatch", "deadline_met:disposal"])),
        RuleRow(
            clause: "CJ/T 315 缓办 approved pauses the 处置 clock", workflow: "grid", receivedAt: "2025-03-03 09:00",
            given: [Grid.file, Grid.dispatch, Grid.start, Grid.requestDeferral], when: Grid.approveDeferral,
            then: .emits(["deferral_approved", "deadline_paused:disposal"])),
        RuleRow(
            clause: "CJ/T 315 缓办 ends with 恢复处置, resuming the clock", workflow: "grid", receivedAt: "2025-03-03 09:00",
            given: [Grid.file, Grid.dispatch, Grid.start, Grid.requestDeferral, Grid.approveDeferral],
            when: Step(command: "resume", actor: Staff.handler, at: "2025-03-10 09:00"),
            then: .emits(["disposal_resumed", "deadline_resumed:disposal"])),
        RuleRow(
            clause: "CJ/T 315 延期 only once: extension already used", workflow: "grid", receivedAt: "2025-03-03 09:00",
            given: [
                Grid.file, Grid.dispatch, Grid.start,
                Step(command: "request_extension", fields: ["reason": "材料未到"], actor: Staff.handler, at: "2025-03-04 10:00"),
                Step(command: "approve_extension", fields: ["extension": "2", "reason": "同意"], actor: Staff.supervisor, at: "2025-03-04 11:00"),
            ],
            when: Step(command: "request_extension", fields: ["reason": "仍未到"], actor: Staff.handler, at: "2025-03-05 10:00"),
            then: .refused(rule: "extension_once", saying: "extension already used")),
    ]

    @Test("rule table", arguments: rows)
    func rule(_ row: RuleRow) throws { try row.check() }

    @Test("grid 缓办: the days deferred are given back to the 处置 clock")
    func deferralGivesDaysBack() throws {
        var spec = try CaseSpec(registration(workflow: "grid", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        for step in [Grid.file, Grid.dispatch, Grid.start, Grid.requestDeferral, Grid.approveDeferral] { try RuleRow.apply(step, to: &spec) }
        // facilities: 5 working days from Mon 03-03 → Mon 03-10.
        #expect(spec.clock("disposal")?.status == .paused)
        try spec.act("resume", by: Staff.handler, at: "2025-03-06 09:00")
        // Paused Tue 03-04 to Thu 03-06: three working days, 03-10 + 3 = 03-13.
        #expect(day(spec.clock("disposal")?.dueAt) == "2025-03-13")
        #expect(spec.clock("disposal")?.derivation?.adjustments.first?.contains("「已批准缓办」") == true)
    }
}
