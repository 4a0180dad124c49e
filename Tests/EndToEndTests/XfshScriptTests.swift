import E2ESupport
import Foundation
import Testing

/// The same flows as an operator's, driven by `xfsh -c` and asserted on `--json` output.
@Suite(.serialized)
struct XfshScriptTests {
    @Test func openNoteTransferAndAcceptAsJSON() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let (receptionistToken, handlerToken) = try makeOperators(daemon)
        let receptionist = XfshRun(daemon, token: receptionistToken)
        let number = try XfshInteractiveTests.register(receptionist, subject: "路灯不亮")

        let documents = try receptionist.documents("open \(number); 信访人补充：路灯已坏三天; /transfer 住建局 请尽快处理; /leave")
        #expect(documents.count == 4, "one document per command")
        let opened = try #require(documents[0]["summary"] as? [String: Any])
        #expect(opened["case_number"] as? String == number)
        #expect(opened["state"] as? String == "registered")
        let available = (documents[0]["available_commands"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String }
        #expect(available.contains("dispatch"))
        let noteEvents = try #require(documents[1]["events"] as? [[String: Any]])
        #expect(noteEvents.first?["text"] as? String == "信访人补充：路灯已坏三天")
        #expect(documents[2]["state"] as? String == "dispatched")
        #expect(documents[3]["left"] as? String == number)

        let handler = XfshRun(daemon, token: handlerToken)
        let handled = try handler.documents("open \(number); /help; /accept; /deadlines")
        let help = (handled[1]["available_commands"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String }
        #expect(help.contains("sign") && !help.contains("dispatch"), "help lists what the handler may do now: \(help)" as Comment)
        #expect(handled[2]["state"] as? String == "handling")
        let deadlines = try #require(handled[3]["deadlines"] as? [[String: Any]])
        let running = deadlines.filter { $0["status"] as? String == "running" }
        #expect(!running.isEmpty)
        #expect(running.allSatisfy { (($0["derivation"] as? [String: Any])?["explanation"] as? String)?.isEmpty == false })

        let text = try handler.run("open \(number); /deadlines")
        #expect(text.status == 0)
        #expect(text.stdout.contains("还剩") && text.stdout.contains("依据："), "\(text.stdout)")
    }

    @Test func failuresAreJSONWithTheFieldAndTheExitCodeSaysWhose() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let (receptionistToken, _) = try makeOperators(daemon)
        let receptionist = XfshRun(daemon, token: receptionistToken)
        let number = try XfshInteractiveTests.register(receptionist, subject: "路灯不亮")

        // A registration that breaks a limit is refused before anything is sent.
        let long = String(repeating: "长", count: 201)
        let refused = try receptionist.run("new --subject \(long) --content x --name 王", json: true)
        #expect(refused.status == 2)
        let usage = try JSONSerialization.jsonObject(with: Data(refused.stderr.utf8)) as? [String: Any]
        #expect((usage?["error"] as? String)?.contains("submission.subject") == true)
        #expect((usage?["error"] as? String)?.contains("200") == true)

        // The server's refusal names the field and the limit.
        let server = try XfshRun(daemon).run("org add 'bad id!' 名称", json: true)
        #expect(server.status == 3)
        let rejected = try JSONSerialization.jsonObject(with: Data(server.stderr.utf8)) as? [String: Any]
        #expect(rejected?["field"] as? String == "org.id")
        #expect(rejected?["limit"] as? String != nil)

        // A workflow command the case does not allow now is the operator's mistake (2); the
        // rest of the script does not run.
        let wrong = try receptionist.run("open \(number); /close; 不该记录的备注")
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("不能执行 /close"))
        let notes = try receptionist.documents("/history \(number)").first?["events"] as? [[String: Any]] ?? []
        #expect(!notes.contains { $0["text"] as? String == "不该记录的备注" })

        // Missing fields are named (with their choices) instead of being asked for.
        let missing = try receptionist.run("open \(number); /transfer")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("还需要") && missing.stderr.contains("target_org"), "\(missing.stderr)")
    }

    @Test func aScriptFileRunsOneCommandPerLine() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let admin = XfshRun(daemon)
        let script = admin.home.appendingPathComponent("tour.xfsh")
        try "# 登记并查看\nnew --subject 供暖不热 --content 暖气不热 --name 欧阳娜娜 --channel 来电 --phone 0871-65123456\nlist\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let fromFile = try runProgram(Binaries.path("xfsh"), ["--json", script.path], environment: admin.environment)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let lines = fromFile.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let listed = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        let summary = (listed?["cases"] as? [[String: Any]])?.first
        #expect(summary?["channel"] as? String == "phone")
        #expect((summary?["petitioner"] as? [String: Any])?["name"] as? String == "欧**娜")

        let whoami = try admin.documents("whoami; orgs; plugins; stats")
        #expect((whoami[0]["user"] as? [String: Any])?["id"] as? String == "admin")
        #expect((whoami[1]["orgs"] as? [[String: Any]])?.isEmpty == false)
        #expect(whoami.count == 4)
    }
}
