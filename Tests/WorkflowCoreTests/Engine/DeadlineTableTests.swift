import Foundation
import Testing

@testable import WorkflowCore

/// A deadline row: the clause, the case, the steps that start the clock, and the due day,
/// what was skipped and which make-up days counted.
struct DeadlineRow: CustomTestStringConvertible, Sendable {
    var clause: String
    var workflow: String
    var matterClass = ""
    var attributes: [Field] = []
    var receivedAt: String
    var registeredAt: String? = nil
    var steps: [Step] = []
    var deadline: String
    /// The last day counted ("2025-02-05"), or for hour clocks the exact due time ("2025-01-29 10:00").
    var due: String
    var skipped: [String] = []
    var makeups: [String] = []
    var explanationHas: [String] = []
    var testDescription: String { clause }
}

@Suite("Deadlines: due dates with their derivation, across 春节, 国庆 and make-up days")
struct DeadlineTableTests {
    static let rows: [DeadlineRow] = [
        DeadlineRow(
            clause: "第二十二条: 15 days from receipt (01-20) end on 02-04, a day of 春节, so roll to 02-05 (民法典第二百零三条)",
            workflow: "xinfang", receivedAt: "2025-01-20 15:00", registeredAt: "2025-01-22 09:00", deadline: "intake",
            due: "2025-02-05", skipped: ["2025-02-04"],
            explanationHas: ["自收到之日2025年1月20日 15:00起算", "依据《信访工作条例》第二十二条第一款", "春节（法定节假日）", "顺延至其后第一个工作日2025年2月5日", "最后一日为2025年2月5日"]),
        DeadlineRow(
            clause: "第三十四条: 60 days from acceptance on 08-05 end on 10-04 in 国庆, so roll to 10-09",
            workflow: "xinfang", matterClass: "claim", receivedAt: "2025-08-01 09:00",
            steps: [Step(command: "accept", fields: ["notice": "已接收"], actor: Staff.handler, at: "2025-08-05 10:00")],
            deadline: "handling", due: "2025-10-09",
            skipped: ["2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
            explanationHas: ["限60日（自然日）", "国庆节、中秋节（法定节假日）"]),
        DeadlineRow(
            clause: "第三十四条: 60 days across 2026 春节 (calendar days count holidays) end on 04-19 (Sun), roll to 04-20",
            workflow: "xinfang", matterClass: "claim", receivedAt: "2026-02-16 09:00",
            steps: [Step(command: "accept", fields: ["notice": "已接收"], actor: Staff.handler, at: "2026-02-18 10:00")],
            deadline: "handling", due: "2026-04-20", skipped: ["2026-04-19"]),
        DeadlineRow(
            clause: "12345 一般工单: 7 working days from 受理 on Fri 01-24 skip 春节 and count the 01-26 and 02-08 make-up days",
            workflow: "hotline12345", attributes: [Field("urgency", "ordinary")], receivedAt: "2025-01-24 10:00",
            deadline: "order", due: "2025-02-10",
            skipped: [
                "2025-01-25", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03",
                "2025-02-04", "2025-02-09",
            ],
            makeups: ["2025-01-26", "2025-02-08"],
            explanationHas: ["限7个工作日", "按urgency = ordinary（一般）取时限", "计入调休上班日：2025年1月26日、2025年2月8日"]),
        DeadlineRow(
            clause: "12345 承办单位: 5 working days from 签收 on Fri 09-26 count Sun 09-28 and skip 国庆 to 10-10",
            workflow: "hotline12345", attributes: [Field("urgency", "ordinary")], receivedAt: "2025-09-25 10:00",
            steps: [
                Step(command: "dispatch", fields: ["target_org": "org-zjj"], actor: Staff.receptionist, at: "2025-09-25 11:00"),
                Step(command: "sign", actor: Staff.handler, at: "2025-09-26 10:00"),
            ],
            deadline: "unit", due: "2025-10-10",
            skipped: ["2025-09-27", "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
            makeups: ["2025-09-28"]),
        DeadlineRow(
            clause: "12345 紧急工单: 24 clock hours from 受理, holidays included",
            workflow: "hotline12345", attributes: [Field("urgency", "urgent")], receivedAt: "2025-01-28 10:00",
            deadline: "order", due: "2025-01-29 10:00", explanationHas: ["限24小时", "至2025年1月29日 10:00届满"]),
        DeadlineRow(
            clause: "网格 市容环卫: 4 working hours from 派遣 Fri 09-26 16:30 run 1h Friday, skip Saturday, 3h on make-up Sunday 09-28",
            workflow: "grid", receivedAt: "2025-09-26 14:00",
            steps: [
                Step(command: "file", fields: ["event_class": "sanitation"], actor: Staff.receptionist, at: "2025-09-26 15:00"),
                Step(command: "dispatch", fields: ["target_org": "org-street"], actor: Staff.supervisor, at: "2025-09-26 16:30"),
            ],
            deadline: "disposal", due: "2025-09-28 12:00",
            explanationHas: ["限4个工作时", "只计工作日办公时间 09:00-12:00,13:30-17:30"]),
        DeadlineRow(
            clause: "网格 设施损坏: 5 working days from 派遣 on Fri 2026-02-13 count make-up Sat 02-14, skip 2026 春节, end 02-27",
            workflow: "grid", receivedAt: "2026-02-13 09:00",
            steps: [
                Step(command: "file", fields: ["event_class": "facilities"], actor: Staff.receptionist, at: "2026-02-13 09:30"),
                Step(command: "dispatch", fields: ["target_org": "org-street"], actor: Staff.supervisor, at: "2026-02-13 10:00"),
            ],
            deadline: "disposal", due: "2026-02-27", makeups: ["2026-02-14"]),
    ]

    @Test("deadline table", arguments: rows)
    func deadline(_ row: DeadlineRow) throws {
        var spec = try CaseSpec(
            registration(workflow: row.workflow, matterClass: row.matterClass, receivedAt: row.receivedAt, attributes: row.attributes),
            at: row.registeredAt ?? row.receivedAt)
        for step in row.steps { try RuleRow.apply(step, to: &spec) }
        let clock = try #require(spec.clock(row.deadline))
        let derivation = try #require(clock.derivation)
        if row.due.contains(" ") {
            #expect(clock.dueAt == at(row.due))
            #expect(derivation.dueDate == nil)
        } else {
            #expect(day(clock.dueAt) == row.due)
            #expect(derivation.dueDate?.description == row.due)
            #expect(clock.dueAt == CivilDate(row.due)!.instant(hour: 24, minute: 0, utcOffsetSeconds: beijing))
        }
        if !row.skipped.isEmpty { #expect(derivation.skipped.map(\.date.description) == row.skipped) }
        #expect(derivation.makeupDaysCounted.map(\.description) == row.makeups)
        for phrase in row.explanationHas {
            #expect(derivation.explanation.contains(phrase), "\(derivation.explanation)")
        }
        // The derivation names the event that started the clock and its place in the case.
        let starter = spec.events[derivation.startedByVersion - 1]
        #expect(starter.type == derivation.startedByEvent)
    }

    @Test("第三十四条: the approved extension adds to the (rolled-over) last day and says why")
    func extensionDerivation() throws {
        var spec = try CaseSpec(registration(workflow: "xinfang", matterClass: "claim", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        for step in [Xinfang.accept, Xinfang.requestExtension, Xinfang.approveExtension(30)] { try RuleRow.apply(step, to: &spec) }
        let clock = try #require(spec.clock("handling"))
        // 03-04 + 60 = 05-03, a day of 劳动节 (05-01…05-05): rolled to 05-06; + 30 = 06-05.
        #expect(day(clock.dueAt) == "2025-06-05")
        #expect(clock.extensionsUsed == 1)
        let derivation = try #require(clock.derivation)
        #expect(derivation.adjustments.count == 1)
        #expect(derivation.adjustments[0].contains("延长30日（自然日）（理由：情况复杂），期限延至2025年6月5日"))
        #expect(derivation.explanation.contains("劳动节"))
    }

    @Test("第三十六条第二款: hearing days are not counted in the 复核 period")
    func hearingPause() throws {
        var spec = try CaseSpec(registration(workflow: "xinfang", matterClass: "claim", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        for step in Xinfang.reviewed + [Xinfang.requestReexamination] { try RuleRow.apply(step, to: &spec) }
        // Requested 05-06: + 30 = 06-05 (Thu).
        #expect(day(spec.clock("reexamination")?.dueAt) == "2025-06-05")
        try spec.act("start_hearing", ["hearing": "公开听证"], by: Staff.handler, at: "2025-05-12 09:00")
        #expect(spec.clock("reexamination")?.status == .paused)
        try spec.act("end_hearing", ["result": "听证结束"], by: Staff.handler, at: "2025-05-14 17:00")
        let clock = try #require(spec.clock("reexamination"))
        // 05-12, 05-13, 05-14 not counted: 06-05 + 3 = 06-08 (Sun), rolled to 06-09.
        #expect(clock.status == .running)
        #expect(day(clock.dueAt) == "2025-06-09")
        let adjustment = try #require(clock.derivation?.adjustments.first)
        #expect(adjustment.contains("「听证开始」至"))
        #expect(adjustment.contains("不计入3日，期限顺延至2025年6月9日"))
    }

    @Test("12345: reply pauses the unit clock until 审核 sends it back; working days given back")
    func replyPausesUnitClock() throws {
        var spec = try CaseSpec(
            registration(workflow: "hotline12345", receivedAt: "2025-03-03 09:00", attributes: [Field("urgency", "ordinary")]),
            at: "2025-03-03 09:00")
        try spec.act("dispatch", ["target_org": "org-zjj"], by: Staff.receptionist, at: "2025-03-03 10:00")
        try spec.act("sign", by: Staff.handler, at: "2025-03-03 11:00")
        #expect(day(spec.clock("unit")?.dueAt) == "2025-03-10")
        try spec.act("reply", ["result": "resolved", "reply": "已修复"], by: Staff.handler, at: "2025-03-04 10:00")
        #expect(spec.clock("unit")?.status == .paused)
        try spec.act("reject_reply", ["reason": "回复不完整"], by: Staff.supervisor, at: "2025-03-06 10:00")
        // Paused Tue 03-04 to Thu 03-06: three working days given back, 03-10 + 3 = 03-13.
        #expect(spec.clock("unit")?.status == .running)
        #expect(day(spec.clock("unit")?.dueAt) == "2025-03-13")
    }

    @Test("a clock that would run past the loaded calendar years is refused, not guessed")
    func outsideLoadedYears() throws {
        let decider = shippedDecider
        let late = registration(workflow: "xinfang", receivedAt: "2026-12-25 09:00")
        #expect(throws: CaseRejection.ruleRefused(
            rule: "working_calendar",
            message: "登记后处理期限（转送、交办、告知或受理） (`intake`) cannot be computed: 2027-01-09 is outside the loaded calendar years 2024–2026")) {
            try decider.decide(.register(late), state: nil, actor: Staff.receptionist, now: at("2026-12-25 09:00"))
        }
    }

    @Test("warn_at: 10 days before the 60-day limit; a timer before it does nothing")
    func warnAt() throws {
        var spec = try CaseSpec(registration(workflow: "xinfang", matterClass: "claim", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00")
        try RuleRow.apply(Xinfang.accept, to: &spec)
        let clock = try #require(spec.clock("handling"))
        // Due at the end of 05-06; warning from the start of 04-27 (ten days left: 04-27…05-06).
        #expect(clock.warnAt == at("2025-04-27 00:00"))
        let early = try spec.run(.fireTimer(deadlineID: "handling", kind: .warning, dueAt: clock.warnAt!), by: .system, at: "2025-04-26 23:00")
        #expect(early.isEmpty)
    }
}
