import Foundation
import SwiftProtobuf
import Testing
import WireProtocol
@testable import GridPlugin

/// The worker's feed from case events: the dispatch, the handling result as a 核查 request,
/// the workflow's limits, and each event once.
@Suite struct FeedComposerTests {
    let composer = FeedComposer(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    let record = ReportRecord(
        reportID: "r-1", workerID: "w-001", caseID: "case-1", caseNumber: "XF-2026-000007", eventType: "E0101",
        grid: "11010100100101", submittedAt: Date(), state: "reported")

    func event(_ position: UInt64, _ type: String, label: String = "", to: String = "", fields: [String: String] = [:]) -> Xinfang_V1_CaseEvent {
        .with {
            $0.position = position
            $0.caseID = "case-1"
            $0.caseNumber = "XF-2026-000007"
            $0.type = type
            $0.label = label
            $0.toState = to
            $0.at = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: 1_795_000_000))
            $0.fields = fields.map { name, value in .with { $0.name = name; $0.value = value } }
        }
    }

    @Test func theLoopBecomesMessages() throws {
        var current = record
        var messages: [FeedMessage] = []
        let events = [
            event(10, "filed", label: "已立案", to: "filed", fields: ["event_class": "sanitation"]),
            event(12, "dispatched", label: "已派遣", to: "dispatched", fields: ["target_org": "dc-huanwei"]),
            event(15, "fed_back", label: "已反馈", to: "fed_back", fields: ["result": "垃圾已清运"]),
        ]
        for item in events {
            let outcome = try #require(composer.apply(item, to: current))
            current = outcome.record
            if let message = outcome.message { messages.append(message) }
        }
        #expect(messages.map(\.kind) == ["filed", "dispatched", "verification_requested"])
        #expect(messages[0].text.contains("sanitation"))
        #expect(messages[1].text.contains("dc-huanwei"))
        #expect(messages[2].text.contains("垃圾已清运"))
        #expect(messages[2].actions == ["confirm", "reject"])
        #expect(current.awaitingVerification)
        #expect(current.verificationRound == 15)
        #expect(current.state == "fed_back")

        let failed = try #require(composer.apply(event(18, "verification_failed", label: "核查未通过", to: "disposing", fields: ["reason": "仍有垃圾"]), to: current))
        #expect(!failed.record.awaitingVerification)
        #expect(failed.record.state == "disposing")
        #expect(failed.message?.text.contains("仍有垃圾") == true)
    }

    @Test func anEventSeenBeforeIsSkipped() throws {
        let first = try #require(composer.apply(event(10, "filed", to: "filed"), to: record))
        #expect(composer.apply(event(10, "filed", to: "filed"), to: first.record) == nil)
        #expect(composer.apply(event(9, "registered"), to: first.record) == nil)
    }

    @Test func theDisposalLimitComesFromTheWorkflowsDeadline() throws {
        var started = event(13, "deadline_started", label: "开始计时")
        started.deadline = .with {
            $0.id = "disposal"
            $0.label = "处置时限"
            $0.dueAt = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: 1_795_010_000))
        }
        let outcome = try #require(composer.apply(started, to: record))
        let message = try #require(outcome.message)
        #expect(message.kind == "deadline")
        #expect(message.title == "处置时限")
        #expect(message.deadline?.dueAt == Date(timeIntervalSince1970: 1_795_010_000))
        // 1_795_010_000 is 2026-11-18 13:53:20 UTC, 21:53 in Beijing.
        #expect(message.text.contains("2026-11-18 21:53"))

        var other = started
        other.position = 14
        other.deadline.id = "filing"
        #expect(composer.apply(other, to: outcome.record)?.message == nil, "立案 and 派遣 limits are the centre's, not the worker's")
    }

    @Test func aRecordIsRebuiltFromItsRegistration() throws {
        var registered = event(3, "registered")
        registered.registered = .with {
            $0.summary = .with { $0.channel = "grid"; $0.state = "reported" }
            $0.attributes = [("report_id", "r-9"), ("grid_worker", "w-002"), ("event_type", "E0401"), ("cell", "11010200100101")].map { name, value in
                .with { $0.name = name; $0.value = value }
            }
        }
        let rebuilt = try #require(GridStore.record(fromRegistration: registered))
        #expect(rebuilt.key == "w-002/r-9")
        #expect(rebuilt.caseNumber == "XF-2026-000007")
        registered.registered.summary.channel = "visit"
        #expect(GridStore.record(fromRegistration: registered) == nil, "only grid reports")
    }

    @Test func theStoreKeepsFeedsApartAndSurvivesARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grid-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("grid-state.json")
        let store = try GridStore(file: file, pluginName: "grid")
        try await store.recordSubmitted(record)
        var other = record
        other.reportID = "r-2"
        other.workerID = "w-002"
        other.caseID = "case-2"
        try await store.recordSubmitted(other)
        try await store.apply(event(10, "filed", label: "已立案", to: "filed"), composer: composer)
        var second = event(11, "filed", label: "已立案", to: "filed")
        second.caseID = "case-2"
        try await store.apply(second, composer: composer)
        try await store.apply(event(10, "filed", label: "已立案", to: "filed"), composer: composer)

        let reopened = try GridStore(file: file, pluginName: "grid")
        let mine = await reopened.feed(worker: "w-001", after: 0, limit: 10)
        #expect(mine.map(\.cursor) == [1])
        #expect(await reopened.feed(worker: "w-002", after: 0, limit: 10).map(\.cursor) == [2])
        #expect(await reopened.feed(worker: "w-001", after: 1, limit: 10).isEmpty)
        #expect(await reopened.report(worker: "w-001", id: "r-1")?.state == "filed")
    }
}
