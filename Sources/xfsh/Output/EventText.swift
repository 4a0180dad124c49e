import Foundation
import WireProtocol

/// Events as operators read them on a thread: time, who, what, and what it carried.
enum EventText {
    /// One thread line: `2026-03-02 10:15  张三  已受理：告知…`.
    static func line(_ event: Xinfang_V1_CaseEvent) -> String {
        "\(TimeText.short(event.at.date))  \(who(event))  \(what(event))"
    }

    static func who(_ event: Xinfang_V1_CaseEvent) -> String {
        event.actor.id == "system" ? "系统" : (event.actor.displayName.isEmpty ? event.actor.id : event.actor.displayName)
    }

    /// The event's label and its content (note text, fields, deadline).
    static func what(_ event: Xinfang_V1_CaseEvent) -> String {
        let label = event.label.isEmpty ? event.type : event.label
        if event.type == "note_added" { return "备注：\(event.text)" }
        if event.type == "registered" {
            let summary = event.registered.summary
            return "\(label)：\(summary.channelLabel) \(summary.subject)"
        }
        if event.hasDeadline {
            let due = event.deadline.hasDueAt ? "，到期 \(TimeText.short(event.deadline.dueAt.date))" : ""
            return "\(label)：\(event.deadline.label)\(due)"
        }
        let fields = event.fields.filter { !$0.value.isEmpty }.map { "\($0.name)=\($0.value)" }
        return fields.isEmpty ? label : "\(label)：\(fields.joined(separator: "；"))"
    }
}

/// Times as operators read them: Beijing time.
enum TimeText {
    static func short(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: CivilDay.siteUTCOffsetSeconds)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
