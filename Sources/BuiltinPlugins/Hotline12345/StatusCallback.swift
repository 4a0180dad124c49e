import Foundation
import PluginKit
import SwiftProtobuf

/// One status change sent to the platform's callback URL (docs/hotline12345.md, "Callbacks").
struct StatusCallback: Codable, Sendable, Equatable {
    /// Stable id: the case number and the event's version, the same on every retry and
    /// redelivery, so the platform drops repeats by it.
    var callbackID: String
    var orderNo: String
    var caseNumber: String
    /// The event's version within the case: increases along each order's callbacks.
    var sequence: Int64
    /// `signed`, `handling`, `replied`, `completed`, `returned`, `extension_requested`.
    var status: String
    /// The status in Chinese: 签收, 办理中, 回复, 办结, 退单, 延期申请.
    var statusLabel: String
    /// The xinfang event behind it (e.g. `reply_rejected`) and its Chinese label.
    var event: String
    var eventLabel: String
    /// When it happened (RFC 3339, UTC).
    var occurredAt: String
    /// Who acted: display name and org id.
    var actorName: String
    var actorOrg: String
    /// 回复 / 办结: the reply text and the result (`resolved`, `explained`, `unresolvable`).
    var reply: String?
    var result: String?
    /// 退单, 延期申请, 办理中: the reason given.
    var reason: String?
    /// 退单: the org the handler suggests instead.
    var suggestedOrg: String?
    /// 办理中 after an approved extension: how much longer, in the deadline's unit.
    var extensionAmount: String?

    enum CodingKeys: String, CodingKey {
        case callbackID = "callback_id", orderNo = "order_no", caseNumber = "case_number", sequence, status
        case statusLabel = "status_label", event, eventLabel = "event_label", occurredAt = "occurred_at"
        case actorName = "actor_name", actorOrg = "actor_org", reply, result, reason
        case suggestedOrg = "suggested_org", extensionAmount = "extension"
    }

    /// The platform statuses and the events that cause them.
    static let statusOfEvent: [String: (status: String, label: String)] = [
        "signed": ("signed", "签收"),
        "reply_rejected": ("handling", "办理中"),
        "redo_ordered": ("handling", "办理中"),
        "extension_approved": ("handling", "办理中"),
        "extension_refused": ("handling", "办理中"),
        "replied": ("replied", "回复"),
        "reply_approved": ("completed", "办结"),
        "answered_directly": ("completed", "办结"),
        "order_returned": ("returned", "退单"),
        "extension_requested": ("extension_requested", "延期申请"),
    ]

    /// The event types the plugin asks for: the ones above and `registered` (to learn which
    /// cases are the platform's).
    static let eventTypes = ["registered"] + statusOfEvent.keys.sorted()

    /// The callback for an event on a platform order, or nil when the platform does not
    /// hear of this event type.
    init?(event: CaseEvent, order: OrderBook.Entry) {
        guard let (status, label) = Self.statusOfEvent[event.type] else { return nil }
        let fields = Dictionary(event.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        callbackID = "\(event.caseNumber)#\(event.version)"
        orderNo = order.orderNo
        caseNumber = event.caseNumber
        sequence = event.version
        self.status = status
        statusLabel = label
        self.event = event.type
        eventLabel = event.label
        occurredAt = formatter.string(from: event.at.date)
        actorName = event.actor.displayName
        actorOrg = event.actor.orgID
        reply = fields["reply"]
        result = fields["result"]
        reason = fields["reason"]
        suggestedOrg = fields["suggested_org"]
        extensionAmount = fields["extension"]
    }

    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}
