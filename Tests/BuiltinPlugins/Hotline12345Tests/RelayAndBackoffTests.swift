import E2ESupport
import Foundation
import PluginKit
import SwiftProtobuf
import Testing

@testable import Hotline12345Plugin

/// Which deliveries become callbacks, what they carry, and how retries are spaced.
struct RelayAndBackoffTests {
    static func event(_ type: String, case caseID: String = "c-1", version: Int64, actor: String = "u-li", fields: [String: String] = [:]) -> CaseEvent {
        CaseEvent.with {
            $0.caseID = caseID
            $0.caseNumber = "XF-2026-000007"
            $0.version = version
            $0.type = type
            $0.label = type
            $0.actor = .with { $0.id = actor; $0.displayName = "李四"; $0.orgID = "zhujianju" }
            $0.at = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: 1_795_000_000))
            $0.fields = fields.sorted { $0.key < $1.key }.map { name, value in .with { $0.name = name; $0.value = value } }
        }
    }

    static func registered(actor: String, channel: String = "hotline12345", orderNo: String? = "GD7") -> CaseEvent {
        var event = event("registered", version: 1, actor: actor)
        event.registered.summary.channel = channel
        if let orderNo { event.registered.attributes = [.with { $0.name = "order_no"; $0.value = orderNo }] }
        return event
    }

    func relay(_ book: OrderBook, sent: Shared<[String]> = Shared([]), acked: Shared<[UInt64]> = Shared([])) -> EventRelay {
        EventRelay(
            pluginName: "hotline12345", book: book,
            deliver: { callback in sent.withLock { $0.append(callback.callbackID) } },
            ack: { id in acked.withLock { $0.append(id) } }, log: { _, _, _ in })
    }

    @Test func onlyCasesThePluginRegisteredAreLearned() throws {
        let relay = relay(try OrderBook(file: nil))
        #expect(relay.step(for: Self.registered(actor: "plugin:hotline12345"))
            == .learn(.init(caseID: "c-1", caseNumber: "XF-2026-000007", orderNo: "GD7")))
        #expect(relay.step(for: Self.registered(actor: "u-zhang")) == .skip, "a case an operator registered")
        #expect(relay.step(for: Self.registered(actor: "plugin:hotline12345", channel: "phone")) == .skip)
        #expect(relay.step(for: Self.registered(actor: "plugin:hotline12345", orderNo: nil)) == .skip)
    }

    @Test func statusChangesOfPlatformOrdersBecomeCallbacksAndOthersAreSkipped() throws {
        let book = try OrderBook(file: nil)
        try book.record(.init(caseID: "c-1", caseNumber: "XF-2026-000007", orderNo: "GD7"))
        let relay = relay(book)
        guard case .send(let callback) = relay.step(for: Self.event("order_returned", version: 5, fields: ["reason": "非本单位职责", "suggested_org": "城管局"])) else {
            Issue.record("a return is sent")
            return
        }
        #expect(callback.callbackID == "XF-2026-000007#5")
        #expect(callback.status == "returned" && callback.statusLabel == "退单")
        #expect(callback.reason == "非本单位职责" && callback.suggestedOrg == "城管局")
        #expect(callback.orderNo == "GD7" && callback.sequence == 5)
        #expect(callback.occurredAt == "2026-11-18T11:06:40Z")
        #expect(relay.step(for: Self.event("dispatched", version: 3)) == .skip, "the platform does not hear of dispatches")
        #expect(relay.step(for: Self.event("signed", case: "c-2", version: 4)) == .skip, "not a platform order")
    }

    @Test func everyPlatformStatusHasItsEvents() {
        let statuses = Set(StatusCallback.statusOfEvent.values.map(\.status))
        #expect(statuses == ["signed", "handling", "replied", "completed", "returned", "extension_requested"])
        #expect(StatusCallback.eventTypes.first == "registered")
        let json = try? JSONSerialization.jsonObject(
            with: StatusCallback(event: Self.event("replied", version: 9, fields: ["reply": "已处理", "result": "resolved"]),
                                 order: .init(caseID: "c-1", caseNumber: "XF-2026-000007", orderNo: "GD7"))!.json) as? [String: Any]
        #expect(json?["reply"] as? String == "已处理")
        #expect(json?["status_label"] as? String == "回复")
        #expect(json?["reason"] == nil, "absent values are left out")
    }

    @Test func aDeliveryIsAcknowledgedOnlyAfterItsCallbackWasAccepted() async throws {
        let book = try OrderBook(file: nil)
        let sent = Shared<[String]>([]), acked = Shared<[UInt64]>([])
        let relay = relay(book, sent: sent, acked: acked)
        try await relay.handle(PluginDelivery(id: 10, event: Self.registered(actor: "plugin:hotline12345"), attempt: 1))
        #expect(book.entry(forCase: "c-1")?.orderNo == "GD7")
        try await relay.handle(PluginDelivery(id: 11, event: Self.event("signed", version: 4), attempt: 1))
        #expect(sent.value == ["XF-2026-000007#4"])
        #expect(acked.value == [10, 11])

        let failing = EventRelay(
            pluginName: "hotline12345", book: book, deliver: { _ in throw CancellationError() },
            ack: { id in acked.withLock { $0.append(id) } }, log: { _, _, _ in })
        await #expect(throws: CancellationError.self) {
            try await failing.handle(PluginDelivery(id: 12, event: Self.event("replied", version: 6), attempt: 1))
        }
        #expect(acked.value == [10, 11], "an unsent callback's event is not acknowledged")
    }

    @Test func eventsOfOneCaseSentAtOnceAreCalledBackAndAcknowledgedInOrder() async throws {
        let book = try OrderBook(file: nil)
        try book.record(.init(caseID: "c-1", caseNumber: "XF-2026-000007", orderNo: "GD7"))
        try book.record(.init(caseID: "c-2", caseNumber: "XF-2026-000008", orderNo: "GD8"))
        let sent = Shared<[String]>([]), acked = Shared<[UInt64]>([])
        let attempts = Shared<[String: Int]>([:])
        // The first callback of each case fails twice before it is accepted.
        let relay = EventRelay(
            pluginName: "hotline12345", book: book,
            deliver: { callback in
                let tries = attempts.withLock { tries -> Int in
                    tries[callback.callbackID, default: 0] += 1
                    return tries[callback.callbackID]!
                }
                if callback.sequence == 4, tries < 3 {
                    await Task.yield()
                    throw CallbackRefused()
                }
                sent.withLock { $0.append("\(callback.caseNumber)#\(callback.sequence)") }
            },
            ack: { id in acked.withLock { $0.append(id) } }, log: { _, _, _ in })
        let retrying = EventRelay(
            pluginName: relay.pluginName, book: book,
            deliver: { callback in
                while true {
                    do { return try await relay.deliver(callback) } catch is CallbackRefused { continue }
                }
            },
            ack: relay.ack, log: relay.log)
        let (stream, input) = AsyncThrowingStream.makeStream(of: PluginDelivery.self)
        var id: UInt64 = 100
        for version in Int64(4)...7 {
            for caseID in ["c-1", "c-2"] {
                id += 1
                var event = Self.event("signed", case: caseID, version: version)
                event.caseNumber = caseID == "c-1" ? "XF-2026-000007" : "XF-2026-000008"
                input.yield(PluginDelivery(id: id, event: event, attempt: 1))
            }
        }
        input.yield(PluginDelivery(id: 101, event: Self.event("signed", case: "c-1", version: 4), attempt: 2))
        input.finish()
        try await retrying.run(stream)
        for number in ["XF-2026-000007", "XF-2026-000008"] {
            #expect(sent.value.filter { $0.hasPrefix(number) } == (4...7).map { "\(number)#\($0)" })
        }
        #expect(acked.value.count == 8, "each delivery acknowledged once: \(acked.value)")
        #expect(acked.value.filter { $0 % 2 == 1 } == [101, 103, 105, 107], "one case's acks in order")
    }

    struct CallbackRefused: Error {}

    @Test func theOrderBookSurvivesARestartAndATornLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orders-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try OrderBook(file: file).record(.init(caseID: "c-1", caseNumber: "XF-2026-000001", orderNo: "GD1"))
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"case_id":"c-2","case_nu"#.utf8))
        try handle.close()
        let reopened = try OrderBook(file: file)
        #expect(reopened.count == 1)
        try reopened.record(.init(caseID: "c-3", caseNumber: "XF-2026-000003", orderNo: "GD3"))
        let again = try OrderBook(file: file)
        #expect(again.entry(forCase: "c-3")?.orderNo == "GD3")
        #expect(again.count == 2)
    }

    @Test func backoffDoublesUpToTheMaximumWithJitterBetweenHalfAndAll() {
        let backoff = RetryBackoff(initial: .milliseconds(100), maximum: .milliseconds(1_000))
        #expect((1...6).map { backoff.ceiling(attempt: $0) } == [100, 200, 400, 800, 1_000, 1_000].map { .milliseconds($0) })
        #expect(backoff.ceiling(attempt: 1_000) == .milliseconds(1_000), "no overflow")
        #expect(backoff.delay(attempt: 3, unit: 0) == .milliseconds(200))
        #expect(backoff.delay(attempt: 3, unit: 0.999_999) == .milliseconds(399))
        for _ in 0..<100 {
            let delay = backoff.delay(attempt: 4)
            #expect(delay >= .milliseconds(400) && delay <= .milliseconds(800))
        }
    }
}
