import Foundation
import Testing

@testable import WorkflowCore

/// One step of a scenario: a workflow command, or a link the gateway records.
struct Step: Sendable {
    var command: String
    var fields: [String: String] = [:]
    var actor: Actor
    var at: String
    var link: String? = nil

    static func link(_ kind: String, at time: String) -> Step {
        Step(command: "", actor: Staff.receptionist, at: time, link: kind)
    }
}

enum Outcome: Sendable {
    case emits([String])
    case refused(rule: String, saying: String)
    case invalid(field: String, saying: String)
    case roleDenied
    case notAllowed
}

/// A row of a rule table: the clause it comes from, the events given, the command, the result.
struct RuleRow: CustomTestStringConvertible, Sendable {
    var clause: String
    var workflow = "xinfang"
    var matterClass = "claim"
    var accusedOrg = ""
    var attributes: [Field] = []
    var receivedAt = "2025-03-03 09:00"
    var given: [Step]
    var when: Step
    var then: Outcome
    var testDescription: String { clause }

    func check() throws {
        var spec = try CaseSpec(
            registration(workflow: workflow, matterClass: matterClass, receivedAt: receivedAt, attributes: attributes, accusedOrg: accusedOrg),
            at: receivedAt)
        for step in given { try Self.apply(step, to: &spec) }
        let before = spec.state
        do {
            var copy = spec
            let emitted = try Self.apply(when, to: &copy)
            guard case .emits(let expected) = then else {
                Issue.record("expected \(then), got events \(summary(emitted))")
                return
            }
            #expect(summary(emitted) == expected)
            // Folding the new events onto the old state gives the state of the whole history.
            #expect(emitted.reduce(before) { spec.decider.evolve($0, $1) } == copy.state)
        } catch {
            switch (then, error) {
            case (.refused(let rule, let saying), .ruleRefused(let actual, let message)):
                #expect(actual == rule)
                #expect(message.contains(saying), "\(message)")
            case (.invalid(let field, let saying), .invalidField(let actual, let problem, _)):
                #expect(actual == field)
                #expect(problem.contains(saying), "\(problem)")
            case (.roleDenied, .roleDenied), (.notAllowed, .commandNotAllowed):
                break
            default:
                Issue.record("expected \(then), got rejection: \(error)")
            }
        }
    }

    @discardableResult
    static func apply(_ step: Step, to spec: inout CaseSpec) throws(CaseRejection) -> [CaseEvent] {
        if let kind = step.link {
            let earlier = CaseNumber(year: 2024, serial: 88)
            return try spec.run(
                .link(kind: kind, otherCaseID: CaseID(rawValue: "case-earlier"), otherCaseNumber: earlier, reason: "同一事实和理由，已经复核"),
                by: step.actor, at: step.at)
        }
        return try spec.act(step.command, step.fields, by: step.actor, at: step.at)
    }
}

/// Scenario prefixes for the xinfang table.
enum Xinfang {
    static let accept = Step(command: "accept", fields: ["notice": "已接收，按信访程序办理"], actor: Staff.handler, at: "2025-03-04 10:00")
    static let forward = Step(command: "forward", fields: ["target_org": "org-zjj"], actor: Staff.receptionist, at: "2025-09-30 10:00")
    static let reply = Step(
        command: "reply", fields: ["decision": "support", "reply": "经调查，诉求属实，予以支持。"], actor: Staff.handler, at: "2025-04-01 10:00")
    static let requestReview = Step(
        command: "request_review", fields: ["target_org": "org-city", "reason": "不服处理意见"], actor: Staff.receptionist,
        at: "2025-04-10 10:00")
    static let decideReview = Step(
        command: "decide_review", fields: ["decision": "uphold", "opinion": "维持原处理意见"], actor: Staff.handler, at: "2025-04-20 10:00")
    static let requestReexamination = Step(
        command: "request_reexamination", fields: ["target_org": "org-province", "reason": "不服复查意见"], actor: Staff.receptionist,
        at: "2025-05-06 10:00")
    static let requestExtension = Step(
        command: "request_extension", fields: ["reason": "涉及多部门，情况复杂"], actor: Staff.handler, at: "2025-04-20 10:00")
    static func approveExtension(_ days: Int, at time: String = "2025-04-21 10:00") -> Step {
        Step(
            command: "approve_extension", fields: ["extension": "\(days)", "reason": "情况复杂", "notified": "letter"],
            actor: Staff.leader, at: time)
    }
    static let replied = [accept, reply]
    static let reviewed = replied + [requestReview, decideReview]
}

@Suite("xinfang: the rules of 《信访工作条例》 (2022), one row per clause")
struct XinfangRuleTableTests {
    static let rows: [RuleRow] = [
        RuleRow(
            clause: "第二十二条第一款: 转送 needs the organ with authority (target org)",
            given: [], when: Step(command: "forward", actor: Staff.receptionist, at: "2025-03-05 10:00"),
            then: .invalid(field: "forward.target_org", saying: "forward needs 有权处理的机关单位 (`target_org`)")),
        RuleRow(
            clause: "第二十二条第一款: 转送 within 15 days meets the intake clock and starts the 15-day notice clock",
            given: [], when: Step(command: "forward", fields: ["target_org": "org-zjj"], actor: Staff.receptionist, at: "2025-03-05 10:00"),
            then: .emits(["forwarded", "deadline_met:intake", "deadline_started:notice"])),
        RuleRow(
            clause: "第二十二条第一款第（三）项: 交办 needs a target org and the date results are due",
            given: [], when: Step(command: "assign", fields: ["target_org": "org-zjj"], actor: Staff.supervisor, at: "2025-03-05 10:00"),
            then: .invalid(field: "assign.report_due", saying: "assign needs")),
        RuleRow(
            clause: "第二十三条第三款: the receiving organ's written notice (受理) meets the 15-day notice clock",
            given: [Xinfang.forward],
            when: Step(command: "accept", fields: ["notice": "已接收"], actor: Staff.handler, at: "2025-10-09 10:00"),
            then: .emits(["accepted", "deadline_met:notice", "deadline_started:handling"])),
        RuleRow(
            clause: "第二十三条第三款: 异议 on the 5th working day after 转送 across 国庆 (10-11 make-up day counts) is in time",
            given: [Xinfang.forward],
            when: Step(command: "object", fields: ["reason": "不属于本机关职权范围"], actor: Staff.handler, at: "2025-10-14 16:00"),
            then: .emits(["objected"])),
        RuleRow(
            clause: "第二十三条第三款: 异议 on the 6th working day is past its 5-working-day window",
            given: [Xinfang.forward],
            when: Step(command: "object", fields: ["reason": "不属于本机关职权范围"], actor: Staff.handler, at: "2025-10-15 09:00"),
            then: .refused(rule: "objection_window", saying: "异议 is past its 5-working-day window")),
        RuleRow(
            clause: "第二十三条第三款: while an 异议 is pending, the organ may not also accept",
            given: [Xinfang.forward, Step(command: "object", fields: ["reason": "非本单位职责"], actor: Staff.handler, at: "2025-10-09 09:00")],
            when: Step(command: "accept", fields: ["notice": "已接收"], actor: Staff.handler, at: "2025-10-10 10:00"),
            then: .refused(rule: "objection_pending", saying: "must wait")),
        RuleRow(
            clause: "第二十三条第三款: an upheld 异议 returns the matter to the 信访部门, which has 15 days again",
            given: [Xinfang.forward, Step(command: "object", fields: ["reason": "非本单位职责"], actor: Staff.handler, at: "2025-10-09 09:00")],
            when: Step(command: "uphold_objection", fields: ["reason": "核实同意"], actor: Staff.supervisor, at: "2025-10-10 10:00"),
            then: .emits(["objection_upheld", "deadline_started:intake", "deadline_met:notice"])),
        RuleRow(
            clause: "第二十八条 诉访分离: a matter with a statutory route is 告知 to that channel and ends here",
            given: [],
            when: Step(
                command: "inform", fields: ["channel": "litigation", "route_to": "某区人民法院", "notice": "请依法向人民法院提起诉讼"],
                actor: Staff.receptionist, at: "2025-03-05 10:00"),
            then: .emits(["informed", "deadline_met:intake"])),
        RuleRow(
            clause: "第三十条: a 检举控告 case is never sent to the accused organisation",
            matterClass: "accusation", accusedOrg: "org-accused", given: [],
            when: Step(command: "forward", fields: ["target_org": "org-accused"], actor: Staff.receptionist, at: "2025-03-05 10:00"),
            then: .refused(rule: "informant_protection", saying: "cannot be sent to the accused organisation")),
        RuleRow(
            clause: "第三十条: a 检举控告 is referred to 纪检监察 (its track), ending the handling clock",
            matterClass: "accusation", given: [Xinfang.accept],
            when: Step(command: "refer_accusation", fields: ["target_org": "org-jjjc", "reason": "反映干部问题"], actor: Staff.handler, at: "2025-03-10 10:00"),
            then: .emits(["accusation_referred", "deadline_met:handling"])),
        RuleRow(
            clause: "第二十九条: a 建议意见 is answered with its adoption, not with a 信访处理意见书",
            matterClass: "suggestion", given: [Xinfang.accept], when: Xinfang.reply,
            then: .refused(rule: "matter_class_track", saying: "is for cases whose matter_class is claim")),
        RuleRow(
            clause: "第二十九条: a 建议意见 is answered and closed",
            matterClass: "suggestion", given: [Xinfang.accept],
            when: Step(command: "respond_suggestion", fields: ["adoption": "partly_adopted", "reply": "部分采纳"], actor: Staff.handler, at: "2025-03-20 10:00"),
            then: .emits(["suggestion_answered", "deadline_met:handling"])),
        RuleRow(
            clause: "第三十二条: the 信访处理意见 is 支持, 解释 or 不予支持 and nothing else",
            given: [Xinfang.accept],
            when: Step(command: "reply", fields: ["decision": "partly", "reply": "……"], actor: Staff.handler, at: "2025-04-01 10:00"),
            then: .invalid(field: "reply.decision", saying: "must be one of support, explain, reject")),
        RuleRow(
            clause: "第三十四条: extension is approved by the organ's head, not the handler",
            given: [Xinfang.accept, Xinfang.requestExtension],
            when: Step(command: "approve_extension", fields: ["extension": "30", "reason": "复杂", "notified": "letter"], actor: Staff.handler, at: "2025-04-21 10:00"),
            then: .roleDenied),
        RuleRow(
            clause: "第三十四条: an approval answers a pending request",
            given: [Xinfang.accept], when: Xinfang.approveExtension(30),
            then: .refused(rule: "extension_pending", saying: "none is pending")),
        RuleRow(
            clause: "第三十四条: the extension is at most 30 days",
            given: [Xinfang.accept, Xinfang.requestExtension], when: Xinfang.approveExtension(45),
            then: .invalid(field: "approve_extension.extension", saying: "may be extended by at most 30 calendar days")),
        RuleRow(
            clause: "第三十四条: the reason is told to the petitioner (告知方式 required)",
            given: [Xinfang.accept, Xinfang.requestExtension],
            when: Step(command: "approve_extension", fields: ["extension": "30", "reason": "复杂"], actor: Staff.leader, at: "2025-04-21 10:00"),
            then: .invalid(field: "approve_extension.notified", saying: "approve_extension needs 告知信访人延期理由的方式")),
        RuleRow(
            clause: "第三十四条: an approved extension extends the 60-day clock",
            given: [Xinfang.accept, Xinfang.requestExtension], when: Xinfang.approveExtension(30),
            then: .emits(["extension_approved", "deadline_extended:handling"])),
        RuleRow(
            clause: "第三十四条: at most one extension — extension already used",
            given: [Xinfang.accept, Xinfang.requestExtension, Xinfang.approveExtension(10)],
            when: Step(command: "request_extension", fields: ["reason": "仍需时间"], actor: Staff.handler, at: "2025-05-20 10:00"),
            then: .refused(rule: "extension_once", saying: "extension already used")),
        RuleRow(
            clause: "第三十五条: 复查 requested within 30 days of the reply starts the 30-day 复查 clock",
            given: Xinfang.replied, when: Xinfang.requestReview,
            then: .emits(["review_requested", "deadline_started:review"])),
        RuleRow(
            clause: "第三十五条 + 民法典第二百零三条: the window's last day 05-01 is 劳动节, so 05-06 is still in time",
            given: Xinfang.replied,
            when: Step(command: "request_review", fields: ["target_org": "org-city", "reason": "不服"], actor: Staff.receptionist, at: "2025-05-06 16:00"),
            then: .emits(["review_requested", "deadline_started:review"])),
        RuleRow(
            clause: "第三十五条: 复查 request is past its 30-day window",
            given: Xinfang.replied,
            when: Step(command: "request_review", fields: ["target_org": "org-city", "reason": "不服"], actor: Staff.receptionist, at: "2025-05-07 09:00"),
            then: .refused(rule: "review_window", saying: "复查 request is past its 30-day window")),
        RuleRow(
            clause: "第三十五条: the window runs from the date the reply was served (served_on), when recorded",
            given: [
                Xinfang.accept,
                Step(command: "reply", fields: ["decision": "explain", "reply": "解释说明", "served_on": "2025-04-10"], actor: Staff.handler, at: "2025-04-01 10:00"),
            ],
            when: Step(command: "request_review", fields: ["target_org": "org-city", "reason": "不服"], actor: Staff.receptionist, at: "2025-05-09 09:00"),
            then: .emits(["review_requested", "deadline_started:review"])),
        RuleRow(
            clause: "第三十五条: the case stays open while 复查 may still be requested",
            given: Xinfang.replied, when: Step(command: "close", actor: Staff.handler, at: "2025-04-15 10:00"),
            then: .refused(rule: "review_window_open", saying: "the petitioner may still request 复查")),
        RuleRow(
            clause: "第三十五条: the 复查 opinion meets the 复查 clock",
            given: Xinfang.replied + [Xinfang.requestReview], when: Xinfang.decideReview,
            then: .emits(["review_decided", "deadline_met:review"])),
        RuleRow(
            clause: "第三十六条第一款: 复核 request is past its 30-day window",
            given: Xinfang.reviewed,
            when: Step(command: "request_reexamination", fields: ["target_org": "org-province", "reason": "不服"], actor: Staff.receptionist, at: "2025-05-21 10:00"),
            then: .refused(rule: "reexamination_window", saying: "复核 request is past its 30-day window")),
        RuleRow(
            clause: "第三十六条第二款: a hearing pauses the 复核 clock",
            given: Xinfang.reviewed + [Xinfang.requestReexamination],
            when: Step(command: "start_hearing", fields: ["hearing": "公开听证"], actor: Staff.handler, at: "2025-05-12 09:00"),
            then: .emits(["hearing_started", "deadline_paused:reexamination"])),
        RuleRow(
            clause: "第三十六条第二款: no 复核 opinion while the hearing is still running",
            given: Xinfang.reviewed + [Xinfang.requestReexamination, Step(command: "start_hearing", fields: ["hearing": "听证"], actor: Staff.handler, at: "2025-05-12 09:00")],
            when: Step(command: "decide_reexamination", fields: ["decision": "uphold", "opinion": "维持"], actor: Staff.handler, at: "2025-05-13 09:00"),
            then: .refused(rule: "hearing_in_progress", saying: "the hearing has not ended")),
        RuleRow(
            clause: "第三十六条第三款: after 复核, a petition on the same facts is not accepted (final_review_bar)",
            given: [.link("not_accepted_after_review", at: "2025-03-03 10:00")], when: Xinfang.accept,
            then: .refused(rule: "final_review_bar", saying: "not accepted again")),
        RuleRow(
            clause: "第三十六条第三款: 不再受理 needs the link to the earlier, finally reviewed case",
            given: [], when: Step(command: "decline_repeat", fields: ["reason": "复核终结"], actor: Staff.receptionist, at: "2025-03-04 10:00"),
            then: .refused(rule: "final_review_link", saying: "needs a `not_accepted_after_review` link")),
        RuleRow(
            clause: "第三十六条第三款: 不再受理 ends the case and meets the intake clock",
            given: [.link("not_accepted_after_review", at: "2025-03-03 10:00")],
            when: Step(command: "decline_repeat", fields: ["reason": "同一事实和理由已经复核终结"], actor: Staff.receptionist, at: "2025-03-04 10:00"),
            then: .emits(["declined_repeat", "deadline_met:intake"])),
        RuleRow(
            clause: "state machine: a reply before acceptance is not a command of 登记",
            given: [], when: Xinfang.reply, then: .notAllowed),
    ]

    @Test("rule table", arguments: rows)
    func rule(_ row: RuleRow) throws { try row.check() }

    @Test("第三十六条第三款: 不再受理 records the earlier case it points at")
    func declinePointsAtEarlierCase() throws {
        var spec = try CaseSpec(registration(workflow: "xinfang", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        try RuleRow.apply(.link("not_accepted_after_review", at: "2025-03-03 10:00"), to: &spec)
        let events = try spec.act("decline_repeat", ["reason": "复核终结"], by: Staff.receptionist, at: "2025-03-04 10:00")
        guard case .transitioned(let record) = events[0].payload else { throw CaseRejection.caseMissing }
        #expect(record.fields[field: "earlier_case"] == "XF-2024-000088")
        #expect(spec.state?.state == "not_accepted")
    }

    @Test("督办 raises the supervised flag; 包案 records the leader in charge")
    func superviseAndTakeCharge() throws {
        var spec = try CaseSpec(registration(workflow: "xinfang", matterClass: "claim", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        try spec.act("supervise", ["supervision": "listed", "reason": "群众反映强烈"], by: Staff.supervisor, at: "2025-03-04 10:00")
        try spec.act("take_charge", ["reason": "领导包案化解"], by: Staff.leader, at: "2025-03-04 11:00")
        #expect(spec.state?.supervised == true)
        #expect(spec.state?.leaderInCharge == "u-leader")
        #expect(spec.state?.state == "registered")
    }

    @Test("the gateway can tell a finally reviewed case (复核意见 given)")
    func finallyReviewed() throws {
        var spec = try CaseSpec(registration(workflow: "xinfang", matterClass: "claim", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        for step in Xinfang.reviewed + [Xinfang.requestReexamination] { try RuleRow.apply(step, to: &spec) }
        #expect(shippedDecider.isFinallyReviewed(try #require(spec.state)) == false)
        try spec.act("decide_reexamination", ["decision": "uphold", "opinion": "维持"], by: Staff.handler, at: "2025-05-20 10:00")
        #expect(shippedDecider.isFinallyReviewed(try #require(spec.state)))
        #expect(spec.state?.state == "finalized")
    }

    @Test("available commands follow the matter class's track")
    func availableFollowsTrack() throws {
        var spec = try CaseSpec(registration(workflow: "xinfang", matterClass: "suggestion", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        try RuleRow.apply(Xinfang.accept, to: &spec)
        let commands = shippedDecider.availableTransitions(state: try #require(spec.state), role: .handler).map(\.command)
        #expect(commands.contains("respond_suggestion"))
        #expect(!commands.contains("reply"))
        #expect(!commands.contains("refer_accusation"))
    }
}
