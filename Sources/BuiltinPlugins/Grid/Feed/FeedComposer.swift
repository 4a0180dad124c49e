import Foundation
import PluginKit

/// Turns a case event into what the reporting worker reads, and says how the plugin's record
/// of the report changes. Pure: the tests give it events and read the messages.
struct FeedComposer: Sendable {
    /// The event types the plugin asks the host for (the manifest must grant them).
    static let eventTypes = [
        "registered", "filed", "report_rejected", "dispatched", "disposal_started", "fed_back", "verification_failed",
        "verified", "case_closed", "deadline_started", "deadline_breached",
    ]
    /// The deadlines of the `grid` workflow a worker hears about.
    static let announcedDeadlines = ["disposal", "verification"]

    /// The time zone due times are written in for the worker.
    var timeZone: TimeZone

    struct Outcome: Sendable {
        var record: ReportRecord
        /// Without its cursor (the store numbers it).
        var message: FeedMessage?
    }

    /// Nil when the event was seen before (at or before the record's last position).
    func apply(_ event: CaseEvent, to current: ReportRecord) -> Outcome? {
        guard event.position > current.lastPosition else { return nil }
        var record = current
        record.lastPosition = event.position
        if !event.toState.isEmpty { record.state = event.toState }
        let fields = Dictionary(event.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        func message(_ kind: String, _ text: String, title: String? = nil, deadline: FeedDeadline? = nil, actions: [String] = []) -> FeedMessage {
            FeedMessage(
                cursor: 0, workerID: record.workerID, reportID: record.reportID, caseNumber: record.caseNumber, kind: kind,
                title: title ?? event.label, text: text, at: event.at.date, state: record.state, deadline: deadline, actions: actions,
                eventPosition: event.position)
        }
        switch event.type {
        case "registered":
            return Outcome(record: record, message: message("received", "已登记为案件 \(record.caseNumber)，等待立案。", title: "已上报"))
        case "filed":
            let eventClass = fields["event_class"].map { "（事件类别：\($0)）" } ?? ""
            return Outcome(record: record, message: message("filed", "指挥中心已立案\(eventClass)。"))
        case "report_rejected":
            return Outcome(record: record, message: message("rejected", "不予立案：\(fields["reason"] ?? "未说明理由")"))
        case "dispatched":
            return Outcome(record: record, message: message("dispatched", "已派遣至处置单位 \(fields["target_org"] ?? "")。"))
        case "disposal_started":
            return Outcome(record: record, message: message("disposing", "处置单位已签收，正在处置。"))
        case "fed_back":
            record.awaitingVerification = true
            record.verificationRound = event.position
            return Outcome(
                record: record,
                message: message(
                    "verification_requested", "处置结果：\(fields["result"] ?? "")。请到现场核查，确认已处置或退回重新处置。",
                    title: "请核查处置结果", actions: ["confirm", "reject"]))
        case "verification_failed":
            record.awaitingVerification = false
            return Outcome(record: record, message: message("verification_failed", "核查未通过，已退回处置单位：\(fields["reason"] ?? "")"))
        case "verified":
            record.awaitingVerification = false
            return Outcome(record: record, message: message("verified", "核查通过，等待结案。"))
        case "case_closed":
            record.awaitingVerification = false
            return Outcome(record: record, message: message("closed", "案件已结案。"))
        case "deadline_started", "deadline_breached":
            let deadline = event.deadline
            guard Self.announcedDeadlines.contains(deadline.id), deadline.hasDueAt else { return Outcome(record: record, message: nil) }
            let due = FeedDeadline(id: deadline.id, label: deadline.label, dueAt: deadline.dueAt.date)
            if event.type == "deadline_breached" {
                return Outcome(record: record, message: message("overdue", "\(deadline.label)已超过（应于 \(format(due.dueAt)) 前完成）。", title: "\(deadline.label)超期", deadline: due))
            }
            let text = deadline.id == "disposal"
                ? "处置单位应于 \(format(due.dueAt)) 前处置完毕（时限按事件类别，由 grid 流程规定）。"
                : "请于 \(format(due.dueAt)) 前完成核查。"
            return Outcome(record: record, message: message("deadline", text, title: deadline.label, deadline: due))
        default:
            return Outcome(record: record, message: nil)
        }
    }

    func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
