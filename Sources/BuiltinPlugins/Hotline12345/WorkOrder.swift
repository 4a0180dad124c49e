import Foundation

/// A work order (工单) as the platform pushes it, after validation.
struct WorkOrder: Sendable, Equatable {
    /// 工单编号: the platform's order number; the idempotency key comes from it.
    var orderNo: String
    /// 来电时间.
    var callTime: Date
    /// 来电人.
    var callerName: String
    /// 联系电话.
    var callerPhone: String
    /// 诉求类型 (an id of ``WorkOrder/categories``).
    var category: String
    /// 诉求标题 (optional in the push; derived from the content when absent).
    var title: String
    /// 诉求内容.
    var content: String
    /// 事发地址.
    var address: String
    /// 紧急程度 (an id of ``WorkOrder/urgencies``, the workflow's deadline classes).
    var urgency: String
    /// 承办时限: when the platform wants the order finished.
    var dueAt: Date

    /// 诉求类型 ids and their Chinese names.
    static let categories: KeyValuePairs<String, String> = [
        "consultation": "咨询", "help": "求助", "complaint": "投诉", "report": "举报", "suggestion": "建议", "praise": "表扬",
    ]
    /// 紧急程度 ids and their Chinese names; the ids are the hotline12345 workflow's
    /// deadline classes (`class_by: urgency`).
    static let urgencies: KeyValuePairs<String, String> = ["urgent": "紧急", "ordinary": "一般"]

    static func label(_ id: String, in table: KeyValuePairs<String, String>) -> String {
        table.first { $0.key == id }?.value ?? id
    }
}

/// The limits of a pushed order, each named in the error that breaks it.
enum OrderLimits {
    /// Largest request body.
    static let bodyBytes = 256 * 1024
    static let orderNoCharacters = 64
    static let callerNameCharacters = 64
    static let phoneCharacters = 3...32
    static let titleCharacters = 200
    static let contentCharacters = 20_000
    static let addressCharacters = 256
    /// How far in the future 来电时间 may be (clocks differ a little).
    static let callTimeFutureSeconds: TimeInterval = 300
    /// Characters of the content used for a title the push left out.
    static let derivedTitleCharacters = 30
}
