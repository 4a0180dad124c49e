import E2ESupport
import Foundation
import Testing

/// The real `xfsh` in a tmux pseudo-terminal against a real daemon: what an operator sees.
@Suite(.serialized)
struct XfshInteractiveTests {
    /// Registers a hotline order (short working-day clocks) as the receptionist; returns its number.
    static func register(_ run: XfshRun, subject: String, name: String = "周九") throws -> String {
        let documents = try run.documents(
            "new --workflow hotline12345 --channel phone --subject \(subject) --content 小区路灯坏了请尽快修复 --name \(name) --phone 13800138000")
        return try #require(documents.first?["case_number"] as? String)
    }

    @Test func openNoteTransferAndAcceptInTheTerminal() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let (receptionistToken, handlerToken) = try makeOperators(daemon)
        let receptionist = XfshRun(daemon, token: receptionistToken)
        let number = try Self.register(receptionist, subject: "路灯不亮")

        let screen = try receptionist.interactive()
        try screen.wait(for: "xfsh 张三 >")
        try screen.type("open \(number)")
        try screen.press("Enter")
        try screen.wait(for: "已进入案件")
        try screen.wait("a prompt naming the case and its state") { TmuxScreen.lastLine($0).hasPrefix("\(number) 已受理 还剩") }
        try screen.type("信访人补充：路灯已坏三天")
        try screen.press("Enter")
        try screen.wait(for: "备注已记录")
        try screen.type("/transfer 住建 请尽快处理")
        try screen.press("Enter")
        try screen.wait(for: "现为：已派单待签收")
        try screen.wait("the prompt to follow the state") { TmuxScreen.lastLine($0).hasPrefix("\(number) 已派单待签收") }

        let handler = try XfshRun(daemon, token: handlerToken).interactive()
        try handler.wait(for: "xfsh 李四 >")
        try handler.type("open \(number)")
        try handler.press("Enter")
        try handler.wait(for: "已进入案件")
        try handler.type("/help")
        try handler.press("Enter")
        try handler.wait(for: "/sign")
        try handler.type("/accept")
        try handler.press("Enter")
        try handler.wait(for: "现为：办理中")
        let lines = try handler.wait("the prompt with working days left") { TmuxScreen.lastLine($0).hasPrefix("\(number) 办理中 还剩") }
        #expect(TmuxScreen.lastLine(lines).contains("个工作日 >"))

        let history = try receptionist.documents("/history \(number)")
        let events = try #require(history.first?["events"] as? [[String: Any]])
        let types = events.compactMap { $0["type"] as? String }
        #expect(types.contains("note_added") && types.contains("dispatched") && types.contains("signed"))
        let note = events.first { $0["type"] as? String == "note_added" }
        #expect(note?["text"] as? String == "信访人补充：路灯已坏三天")
        let dispatched = events.first { $0["type"] as? String == "dispatched" }
        let fields = (dispatched?["fields"] as? [[String: Any]]) ?? []
        #expect(fields.contains { $0["name"] as? String == "target_org" && $0["value"] as? String == "zhujianju" })
    }

    @Test func tabCompletesACaseNumberAndLiveEventsArriveAboveAHalfTypedLine() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let (receptionistToken, _) = try makeOperators(daemon)
        let receptionist = XfshRun(daemon, token: receptionistToken)
        let first = try Self.register(receptionist, subject: "路灯不亮")
        let second = try Self.register(receptionist, subject: "井盖缺失")
        #expect(first.dropLast() == second.dropLast(), "consecutive numbers share all but the last digit")

        let screen = try receptionist.interactive()
        try screen.wait(for: "xfsh 张三 >")
        try screen.type("open \(first.dropLast())")
        try screen.press("Tab")
        try screen.wait("both candidates listed above the prompt") { lines in
            lines.contains { $0.contains(first) && $0.contains(second) }
        }
        try screen.type(String(first.last!))
        try screen.press("Tab")
        try screen.wait("the number completed") { TmuxScreen.lastLine($0) == "xfsh 张三 > open \(first)" }
        try screen.press("Enter")
        try screen.wait(for: "已进入案件")

        // Half a line typed, not sent; meanwhile someone else writes on the case and a new case arrives.
        try screen.type("信访人称路灯")
        try screen.wait("the half line shown") { TmuxScreen.lastLine($0).hasSuffix("> 信访人称路灯") }
        let admin = XfshRun(daemon)
        #expect(try admin.run("open \(first); 管理员已电话联系供电所").status == 0)
        let third = try Self.register(admin, subject: "噪音扰民")
        let lines = try screen.wait("the note and the new case above the prompt", timeout: 45) { lines in
            lines.contains { $0.contains("【\(first)】管理员") && $0.contains("管理员已电话联系供电所") }
                && lines.contains { $0.contains("【新案件】\(third)") }
        }
        #expect(TmuxScreen.lastLine(lines).hasSuffix("> 信访人称路灯"), "the half-typed line survives: \(TmuxScreen.lastLine(lines))")
        let eventRow = try #require(lines.lastIndex { $0.contains("【新案件】\(third)") })
        let promptRow = try #require(lines.lastIndex { $0.hasSuffix("> 信访人称路灯") })
        #expect(eventRow < promptRow, "events print above the prompt")

        try screen.type("已坏三天")
        try screen.press("Enter")
        try screen.wait(for: "备注已记录")
        let history = try receptionist.documents("/history \(first)")
        let notes = (history.first?["events"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(notes.contains("信访人称路灯已坏三天"))
    }

    @Test func tablesWithChineseNamesLineUpOnScreen() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let (receptionistToken, _) = try makeOperators(daemon)
        let receptionist = XfshRun(daemon, token: receptionistToken)
        for (subject, name) in [("路灯不亮", "王大顺"), ("供暖不热", "欧阳娜娜"), ("道路积水严重影响出行", "李明")] {
            _ = try Self.register(receptionist, subject: subject, name: name)
        }
        let screen = try receptionist.interactive()
        try screen.wait(for: "xfsh 张三 >")
        try screen.type("list")
        try screen.press("Enter")
        let lines = try screen.wait("three rows") { $0.filter { $0.hasPrefix("XF-") }.count == 3 }
        let header = try #require(lines.first { $0.hasPrefix("案件编号") })
        let rows = lines.filter { $0.hasPrefix("XF-") }
        /// Terminal columns before `text` in `line`.
        func column(of text: String, in line: String) -> Int? {
            guard let range = line.range(of: text) else { return nil }
            return line[..<range.lowerBound].unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        }
        let subjectColumn = try #require(column(of: "事由", in: header))
        let nameColumn = try #require(column(of: "信访人", in: header))
        for (row, subject, masked) in [("路灯不亮", "路灯不亮", "王*顺"), ("供暖不热", "供暖不热", "欧**娜"), ("道路积水", "道路积水严重影响出行", "李*")] {
            let line = try #require(rows.first { $0.contains(row) })
            #expect(column(of: subject, in: line) == subjectColumn, "\(line)")
            #expect(column(of: masked, in: line) == nameColumn, "\(line)")
        }
    }
}
