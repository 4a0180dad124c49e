import Foundation
import Testing

@testable import Hotline12345Plugin

/// Each malformed order is refused with a 400 naming the JSON key and the limit.
struct WorkOrderValidationTests {
    static let now = ISO8601DateFormatter().date(from: "2026-11-22T02:00:00Z")!

    static func valid() -> [String: Any] {
        [
            "order_no": "GD2026112200017", "call_time": "2026-11-22T09:30:00+08:00", "caller_name": "王大顺",
            "caller_phone": "13512342659", "category": "complaint", "content": "楼下商铺夜间施工噪音扰民。",
            "address": "东城区和平里七区12号楼", "urgency": "urgent", "due_at": "2026-11-23T09:30:00+08:00",
        ]
    }

    static func body(_ change: (inout [String: Any]) -> Void) -> Data {
        var object = valid()
        change(&object)
        return try! JSONSerialization.data(withJSONObject: object)
    }

    @Test func aValidOrderIsReadWithItsValues() throws {
        let order = try WorkOrder.validated(Self.body { _ in }, now: Self.now)
        #expect(order.orderNo == "GD2026112200017")
        #expect(order.callTime == ISO8601DateFormatter().date(from: "2026-11-22T01:30:00Z"))
        #expect(order.urgency == "urgent")
        #expect(order.subject == "【投诉】楼下商铺夜间施工噪音扰民。")
        let submission = order.submission(orgID: "")
        #expect(submission.idempotencyKey == "order:GD2026112200017")
        #expect(submission.channel == "hotline12345" && submission.workflow == "hotline12345")
        #expect(submission.petitioner.phone == "13512342659")
        #expect(submission.attributes.first { $0.name == "urgency" }?.value == "urgent")
        #expect(submission.attributes.first { $0.name == "platform_due_at" }?.value == "2026-11-23T01:30:00Z")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let change: @Sendable (inout [String: Any]) -> Void
        let field: String
        let limit: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "missing order_no", change: { $0["order_no"] = nil }, field: "order_no", limit: "64 characters"),
        Case(name: "order_no too long", change: { $0["order_no"] = String(repeating: "9", count: 65) }, field: "order_no", limit: "64 characters"),
        Case(name: "order_no with spaces", change: { $0["order_no"] = "GD 1" }, field: "order_no", limit: "64 characters"),
        Case(name: "call_time without offset", change: { $0["call_time"] = "2026-11-22 09:30:00" }, field: "call_time",
             limit: "an RFC 3339 time with its offset, e.g. 2026-11-20T09:30:00+08:00"),
        Case(name: "call_time in the future", change: { $0["call_time"] = "2026-11-22T03:00:00Z" }, field: "call_time", limit: "300 seconds ahead"),
        Case(name: "caller_name blank", change: { $0["caller_name"] = "  " }, field: "caller_name", limit: "64 characters"),
        Case(name: "caller_name a number", change: { $0["caller_name"] = 12 }, field: "caller_name", limit: "64 characters"),
        Case(name: "caller_phone letters", change: { $0["caller_phone"] = "135-abc" }, field: "caller_phone", limit: "3 to 32 characters"),
        Case(name: "caller_phone too long", change: { $0["caller_phone"] = String(repeating: "1", count: 33) }, field: "caller_phone", limit: "32 characters"),
        Case(name: "unknown category", change: { $0["category"] = "chat" }, field: "category",
             limit: "one of consultation (咨询), help (求助), complaint (投诉), report (举报), suggestion (建议), praise (表扬)"),
        Case(name: "title too long", change: { $0["title"] = String(repeating: "题", count: 201) }, field: "title", limit: "200 characters"),
        Case(name: "content missing", change: { $0["content"] = nil }, field: "content", limit: "20000 characters"),
        Case(name: "content too long", change: { $0["content"] = String(repeating: "长", count: 20_001) }, field: "content", limit: "20000 characters"),
        Case(name: "address too long", change: { $0["address"] = String(repeating: "路", count: 257) }, field: "address", limit: "256 characters"),
        Case(name: "urgency unknown", change: { $0["urgency"] = "high" }, field: "urgency", limit: "one of urgent (紧急), ordinary (一般)"),
        Case(name: "urgency null", change: { $0["urgency"] = NSNull() }, field: "urgency", limit: "one of urgent (紧急), ordinary (一般)"),
        Case(name: "category a number", change: { $0["category"] = 3 }, field: "category",
             limit: "one of consultation (咨询), help (求助), complaint (投诉), report (举报), suggestion (建议), praise (表扬)"),
        Case(name: "due_at missing", change: { $0["due_at"] = nil }, field: "due_at",
             limit: "an RFC 3339 time with its offset, e.g. 2026-11-20T09:30:00+08:00"),
        Case(name: "due_at before call_time", change: { $0["due_at"] = "2026-11-21T09:30:00+08:00" }, field: "due_at", limit: "later than call_time"),
    ]

    @Test(arguments: cases) func aMalformedOrderNamesTheFieldAndTheLimit(_ example: Case) {
        #expect {
            _ = try WorkOrder.validated(Self.body(example.change), now: Self.now)
        } throws: { error in
            guard let error = error as? PlatformAPIError else { return false }
            return error.status == 400 && error.code == "invalid_field" && error.field == example.field && error.limit == example.limit
                && error.message.hasPrefix(example.field)
        }
    }

    @Test func notAnObjectAndOversizedBodiesAreRefused() {
        #expect(throws: PlatformAPIError.self) { try WorkOrder.validated(Data("[1,2]".utf8), now: Self.now) }
        do {
            _ = try WorkOrder.validated(Data(repeating: 0x20, count: OrderLimits.bodyBytes + 1), now: Self.now)
            Issue.record("an oversized body was accepted")
        } catch {
            #expect(error.status == 413 && error.limit == "\(OrderLimits.bodyBytes) bytes")
        }
    }

    @Test func theErrorBodyCarriesCodeFieldAndLimit() throws {
        let error = PlatformAPIError.invalidField("urgency", "is not a known value", limit: "one of urgent, ordinary")
        let object = try #require(try JSONSerialization.jsonObject(with: error.body) as? [String: String])
        #expect(object == ["code": "invalid_field", "field": "urgency", "limit": "one of urgent, ordinary",
                           "message": "urgency is not a known value (limit one of urgent, ordinary)"])
    }
}
