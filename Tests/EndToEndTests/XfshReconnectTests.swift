import E2ESupport
import Foundation
import Testing

/// A daemon that goes away and comes back: xfsh says so, keeps what was typed, and resumes.
@Suite(.serialized)
struct XfshReconnectTests {
    @Test func aLostConnectionIsAnnouncedAndWhatWasTypedIsSentAfterReconnecting() async throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { daemon.stop() }
        let (receptionistToken, _) = try makeOperators(daemon)
        let receptionist = XfshRun(daemon, token: receptionistToken)
        let number = try XfshInteractiveTests.register(receptionist, subject: "路灯不亮")

        let screen = try receptionist.interactive()
        try screen.wait(for: "xfsh 张三 >")
        try screen.type("open \(number)")
        try screen.press("Enter")
        try screen.wait(for: "已进入案件")

        daemon.stop()
        try screen.wait(for: "与服务器的连接中断，正在重连")
        try screen.type("断线时输入的备注")
        try screen.press("Enter")
        try screen.wait(for: "已保留您输入的内容")
        try screen.wait("the line kept for sending again") { TmuxScreen.lastLine($0).hasSuffix("> 断线时输入的备注") }

        let restarted = try RestartedDaemon(daemon)
        defer { restarted.stop() }
        try screen.wait(for: "已重新连接服务器", timeout: 30)
        try screen.wait("the kept line still there") { TmuxScreen.lastLine($0).hasSuffix("> 断线时输入的备注") }
        try screen.press("Enter")
        try screen.wait(for: "备注已记录")
        let history = try receptionist.documents("/history \(number)")
        let notes = (history.first?["events"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(notes == ["断线时输入的备注"])
    }
}
