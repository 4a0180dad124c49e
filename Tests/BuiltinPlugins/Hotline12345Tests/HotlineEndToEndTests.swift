import E2ESupport
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing
import WireProtocol

/// The hotline12345 plugin under a real xinfangd, with the Platform12345 counterpart as a real
/// process on real HTTP: pushes (repeated, malformed, badly signed, replayed), operators acting
/// over gRPC while the platform is down, and every callback arriving in order afterwards.
@Suite(.serialized)
struct HotlineEndToEndTests {
    static let secret = "e2e-shared-secret-0123456789"

    @Test func ordersBecomeCasesOnceAndEveryCallbackArrivesInOrderAcrossAnOutage() async throws {
        let daemon = try DaemonProcess()
        let root = daemon.dataDirectory.deletingLastPathComponent()
        let platform = try PlatformProcess(folder: root.appendingPathComponent("platform"), secret: Self.secret)
        try await platform.start()
        defer { platform.kill() }
        let plugins = try writeManifest(in: root, callbackURL: platform.callbackURL)
        daemon.serveArguments = ["--plugins", plugins.path]
        try daemon.start()
        defer { daemon.stop() }

        let endpointFile = daemon.dataDirectory.appendingPathComponent("plugins/hotline12345/endpoint")
        _ = try await waitFor("the plugin's endpoint file", timeout: 120) { try? String(contentsOf: endpointFile, encoding: .utf8) }

        // 1. The platform pushes: four valid orders (one twice, one replayed), malformed ones,
        // a bad signature, a stale timestamp.
        let results = try push(script(), endpointFile: endpointFile, folder: root)
        let valid = ["GD-E2E-1", "GD-E2E-2", "GD-E2E-3", "GD-E2E-4"]
        var caseOf: [String: String] = [:]
        for label in valid {
            let answer = try #require(results[label], "no answer for \(label)")
            #expect(answer.status == 200, "\(label): \(answer.body)")
            #expect(answer.body["created"] as? Bool == true)
            caseOf[label] = try #require(answer.body["case_number"] as? String)
        }
        #expect(Set(caseOf.values).count == 4)
        for (label, order) in [("again-1", "GD-E2E-1"), ("again-2", "GD-E2E-2")] {
            #expect(results[label]?.status == 200)
            #expect(results[label]?.body["created"] as? Bool == false, "a repeat creates nothing")
            #expect(results[label]?.body["case_number"] as? String == caseOf[order], "a repeat answers the same case")
        }
        #expect(results["again-2#replay"]?.status == 401)
        #expect(results["again-2#replay"]?.body["code"] as? String == "replayed_nonce")
        for (label, field) in [("no-phone", "caller_phone"), ("bad-urgency", "urgency"), ("long-content", "content"), ("due-before-call", "due_at")] {
            #expect(results[label]?.status == 400, "\(label)")
            #expect(results[label]?.body["code"] as? String == "invalid_field", "\(label)")
            #expect(results[label]?.body["field"] as? String == field, "\(label)")
            #expect((results[label]?.body["limit"] as? String ?? "").isEmpty == false, "\(label) names the limit")
        }
        #expect(results["long-content"]?.body["limit"] as? String == "20000 characters")
        #expect(results["bad-signature"]?.status == 401)
        #expect(results["bad-signature"]?.body["code"] as? String == "bad_signature")
        #expect(results["stale"]?.body["code"] as? String == "stale_timestamp")
        #expect(results["not-json"]?.body["code"] as? String == "invalid_json")

        // Every valid order is exactly one case; nothing else came in.
        let operators = try await makeHotlineOperators(daemon)
        let listed = try await withClient(daemon) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).listCases(.with {
                $0.filter.channels = ["hotline12345"]
                $0.page.pageSize = 100
            }).cases
        }
        #expect(Set(listed.map(\.caseNumber)) == Set(caseOf.values))
        for (order, number) in caseOf {
            let found = try await withClient(daemon) { client in
                try await Xinfang_V1_CaseService.Client(wrapping: client).getCase(.with { $0.caseRef = number })
            }
            #expect(found.attributes.first { $0.name == "order_no" }?.value == order)
            #expect(found.summary.workflow == "hotline12345")
        }
        // A hotline case that did not come from the platform gets no callbacks.
        let walkIn = try await withClient(daemon) { client in
            try await Xinfang_V1_IntakeService.Client(wrapping: client).submit(.with {
                $0.submission = .with {
                    $0.idempotencyKey = "not-from-the-platform"
                    $0.channel = "hotline12345"
                    $0.subject = "来电咨询办事流程"
                    $0.content = "来电人咨询居住证办理流程。"
                    $0.petitioner.name = "李小花"
                    $0.attributes = [.with { $0.name = "order_no"; $0.value = "GD-E2E-1" }]
                }
            }).caseNumber
        }

        // 2. Operators act while the platform is up.
        let o1 = caseOf["GD-E2E-1"]!, o2 = caseOf["GD-E2E-2"]!, o3 = caseOf["GD-E2E-3"]!, o4 = caseOf["GD-E2E-4"]!
        try await operators.dispatch(walkIn)
        try await operators.handler(walkIn, "sign")
        try await operators.dispatch(o1)
        try await operators.handler(o1, "sign")
        try await operators.handler(o1, "reply", ["result": "resolved", "reply": "已责令商铺停止夜间施工，并将持续巡查。"])
        try await operators.supervisor(o1, "approve_reply")
        try await operators.dispatch(o2)
        try await operators.handler(o2, "sign")
        try await operators.handler(o2, "return_order", ["reason": "非本单位职责，建议由城管局办理", "suggested_org": "城管局"])
        _ = try await waitFor("the callbacks sent while the platform is up", timeout: 120) {
            Set(platform.records().map(\.id)).count >= 5 ? true : nil
        }

        // 3. The platform goes down; operators go on.
        platform.kill()
        try await operators.dispatch(o3)
        try await operators.handler(o3, "sign")
        try await operators.handler(o3, "request_extension", ["reason": "涉及多个部门，需协调"])
        try await operators.supervisor(o3, "approve_extension", ["extension": "3", "reason": "同意延期"])
        try await operators.handler(o3, "reply", ["result": "explained", "reply": "已向来电人解释相关政策。"])
        try await operators.supervisor(o3, "reject_reply", ["reason": "答复不完整，请补充处理结果"])
        try await operators.handler(o3, "reply", ["result": "resolved", "reply": "已协调供暖公司完成检修。"])
        try await operators.supervisor(o3, "approve_reply")
        try await operators.dispatch(o4)
        try await operators.handler(o4, "sign")
        try await operators.handler(o4, "request_extension", ["reason": "需现场勘查"])
        try await operators.supervisor(o4, "refuse_extension", ["reason": "紧急工单不予延期"])
        try await operators.dispatch(o2)
        try await operators.handler(o2, "sign")
        // The plugin holds the events it could not deliver: they wait in its outbox.
        _ = try await waitFor("undelivered callbacks in the plugin's outbox", timeout: 120) { () -> Bool? in
            let status = try await withClient(daemon) { client in
                try await Xinfang_V1_AdminService.Client(wrapping: client).listPlugins(.init()).plugins.first { $0.name == "hotline12345" }
            }
            return (status?.outboxPending ?? 0) > 0 ? true : nil
        }

        // 4. The daemon restarts too while the callbacks wait: they are kept in its outbox, and
        // the orders already registered stay registered once.
        try? FileManager.default.removeItem(at: endpointFile)
        #expect(daemon.stop(signal: SIGTERM) == 0)
        try daemon.start()
        _ = try await waitFor("the plugin's endpoint file after the restart", timeout: 120) {
            try? String(contentsOf: endpointFile, encoding: .utf8)
        }
        let afterRestart = try push([["label": "again-3", "order": order("GD-E2E-3")]], endpointFile: endpointFile, folder: root)
        #expect(afterRestart["again-3"]?.body["created"] as? Bool == false)
        #expect(afterRestart["again-3"]?.body["case_number"] as? String == o3)

        // 5. The platform comes back on the same address: everything due arrives, in order.
        try await platform.start()
        let expected: [String: [String]] = [
            "GD-E2E-1": ["signed", "replied", "completed"],
            "GD-E2E-2": ["signed", "returned", "signed"],
            "GD-E2E-3": ["signed", "extension_requested", "handling", "replied", "handling", "replied", "completed"],
            "GD-E2E-4": ["signed", "extension_requested", "handling"],
        ]
        let total = expected.values.map(\.count).reduce(0, +)
        let records = try await waitFor("every callback after the platform restarted", timeout: 180) { () -> [RecordedCallback]? in
            let records = platform.records()
            return Set(records.map(\.id)).count >= total ? records : nil
        }
        var firstByID: [String: RecordedCallback] = [:]
        var arrivals: [String: [RecordedCallback]] = [:]
        for record in records {
            if let first = firstByID[record.id] {
                #expect(record.repeated)
                #expect(record.canonical == first.canonical, "a repeat is the same callback")
            } else {
                #expect(!record.repeated)
                firstByID[record.id] = record
                arrivals[record.orderNo, default: []].append(record)
            }
        }
        #expect(Set(arrivals.keys) == Set(expected.keys), "only platform orders get callbacks")
        #expect(!records.contains { $0.fields["case_number"] as? String == walkIn }, "a case registered by hand gets none")
        for (order, statuses) in expected {
            let got = arrivals[order] ?? []
            #expect(got.map(\.status) == statuses, "\(order): \(got.map(\.event))")
            #expect(got.map(\.sequence) == got.map(\.sequence).sorted() && Set(got.map(\.sequence)).count == got.count, "\(order) in order")
            #expect(got.allSatisfy { $0.fields["case_number"] as? String == caseOf[order] })
        }
        let o1Reply = arrivals["GD-E2E-1"]?.first { $0.status == "replied" }
        #expect(o1Reply?.fields["reply"] as? String == "已责令商铺停止夜间施工，并将持续巡查。")
        #expect(o1Reply?.fields["result"] as? String == "resolved")
        let o2Return = arrivals["GD-E2E-2"]?.first { $0.status == "returned" }
        #expect(o2Return?.fields["reason"] as? String == "非本单位职责，建议由城管局办理")
        #expect(o2Return?.fields["suggested_org"] as? String == "城管局")
        #expect(arrivals["GD-E2E-3"]?.first { $0.status == "extension_requested" }?.fields["reason"] as? String == "涉及多个部门，需协调")
        #expect(arrivals["GD-E2E-3"]?.first { $0.event == "extension_approved" }?.fields["extension"] as? String == "3")
    }

    // MARK: - Helpers

    private func writeManifest(in root: URL, callbackURL: String) throws -> URL {
        let plugins = root.appendingPathComponent("plugins")
        let folder = plugins.appendingPathComponent("hotline12345")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifest = """
            name: hotline12345
            command: \(Binaries.path("hotline12345"))
            actor: {display_name: 12345热线平台, org: root}
            grants:
              submit_channels: [hotline12345]
              workflows: [hotline12345]
              event_types: [registered, signed, order_returned, extension_requested, extension_approved, extension_refused, replied, reply_rejected, reply_approved, answered_directly, redo_ordered]
            config:
              listen: "127.0.0.1:0"
              callback_url: "\(callbackURL)"
              secret: "\(Self.secret)"
              retry_initial_ms: "100"
              retry_max_ms: "1000"
              callback_timeout_ms: "2000"

            """
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.yaml"))
        return plugins
    }

    private func order(_ number: String, urgency: String = "ordinary", content: String = "小区供暖不热，室温不足十六度，请尽快处理。") -> [String: Any] {
        [
            "order_no": number, "call_time": "2026-11-20T09:30:00+08:00", "caller_name": "王大顺", "caller_phone": "13512342659",
            "category": "complaint", "content": content, "address": "东城区和平里七区12号楼", "urgency": urgency,
            "due_at": "2026-11-27T17:30:00+08:00",
        ]
    }

    private func script() -> [[String: Any]] {
        var noPhone = order("GD-E2E-X1")
        noPhone["caller_phone"] = nil
        var dueBeforeCall = order("GD-E2E-X4")
        dueBeforeCall["due_at"] = "2026-11-19T09:30:00+08:00"
        return [
            ["label": "GD-E2E-1", "order": order("GD-E2E-1")],
            ["label": "GD-E2E-2", "order": order("GD-E2E-2")],
            ["label": "again-1", "order": order("GD-E2E-1")],
            ["label": "no-phone", "order": noPhone],
            ["label": "GD-E2E-3", "order": order("GD-E2E-3")],
            ["label": "bad-urgency", "order": order("GD-E2E-X2", urgency: "very")],
            ["label": "long-content", "order": order("GD-E2E-X3", content: String(repeating: "长", count: 20_001))],
            ["label": "due-before-call", "order": dueBeforeCall],
            ["label": "bad-signature", "order": order("GD-E2E-X5"), "signing": "bad"],
            ["label": "stale", "order": order("GD-E2E-X6"), "signing": "stale"],
            ["label": "GD-E2E-4", "order": order("GD-E2E-4", urgency: "urgent")],
            ["label": "again-2", "order": order("GD-E2E-2"), "replay": true],
            ["label": "not-json", "raw": "工单：GD-E2E-X7"],
        ]
    }

    private struct PushAnswer {
        var status: Int
        var body: [String: Any]
    }

    private func push(_ steps: [[String: Any]], endpointFile: URL, folder: URL) throws -> [String: PushAnswer] {
        let file = folder.appendingPathComponent("push-script.json")
        try JSONSerialization.data(withJSONObject: steps).write(to: file)
        let run = try runProgram(
            Binaries.path("Platform12345"),
            ["push", "--endpoint-file", endpointFile.path, "--secret", Self.secret, "--script", file.path])
        guard run.status == 0 else { throw E2EError("Platform12345 push exited \(run.status): \(run.stderr)") }
        var answers: [String: PushAnswer] = [:]
        for line in run.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let label = try #require(object["label"] as? String)
            answers[label] = PushAnswer(status: object["status"] as? Int ?? 0, body: object["body"] as? [String: Any] ?? [:])
        }
        return answers
    }
}
