import Foundation
import PluginKit
import SwiftProtobuf

extension WorkOrder {
    /// The channel and workflow of every order.
    static let channel = "hotline12345"
    static let workflow = "hotline12345"
    /// The idempotency key's prefix: the key is `order:` and the 工单编号.
    static let keyPrefix = "order:"

    /// The attribute names an order's values are kept under on the case.
    enum Attribute {
        static let orderNo = "order_no"
        static let category = "category"
        static let urgency = "urgency"
        static let incidentAddress = "incident_address"
        static let platformDueAt = "platform_due_at"
    }

    var idempotencyKey: String { Self.keyPrefix + orderNo }

    /// The title the case shows: the pushed one, or the category and the content's start.
    var subject: String {
        if !title.isEmpty { return title }
        let start = content.split(whereSeparator: \.isNewline).first.map(String.init) ?? content
        let cut = start.count > OrderLimits.derivedTitleCharacters ? String(start.prefix(OrderLimits.derivedTitleCharacters)) + "…" : start
        return "【\(Self.label(category, in: Self.categories))】\(cut)"
    }

    /// The submission registering this order as a case in the hotline12345 workflow.
    func submission(orgID: String) -> Submission {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return Submission.with {
            $0.idempotencyKey = idempotencyKey
            $0.channel = Self.channel
            $0.workflow = Self.workflow
            $0.subject = subject
            $0.content = content
            $0.petitioner.name = callerName
            $0.petitioner.phone = callerPhone
            $0.petitioner.headcount = 1
            $0.matterClass = category
            $0.orgID = orgID
            $0.receivedAt = Google_Protobuf_Timestamp(date: callTime)
            $0.attributes = [
                (Attribute.orderNo, orderNo), (Attribute.category, category), (Attribute.urgency, urgency),
                (Attribute.incidentAddress, address), (Attribute.platformDueAt, formatter.string(from: dueAt)),
            ].map { name, value in .with { $0.name = name; $0.value = value } }
        }
    }

    /// The JSON key a host `invalid_field` error is about, so the platform hears its own names.
    static func pushedKey(forHostField field: String) -> String {
        switch field {
        case "submission.subject": Key.title
        case "submission.content": Key.content
        case "submission.petitioner.name": Key.callerName
        case "submission.petitioner.phone": Key.callerPhone
        case "submission.received_at": Key.callTime
        default: field
        }
    }
}
