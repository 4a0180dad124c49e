import E2ESupport
import Foundation
import GRPCCore
import Testing
import WireProtocol

/// The plugin host inside the real daemon: `serve --plugins DIR` starts the enabled plugins,
/// a plugin's work becomes cases, a killed plugin is restarted while the daemon serves, a
/// plugin that cannot start is marked failed with its reason, and the admin API and xfsh show
/// and restart them.
@Suite(.serialized)
struct PluginDaemonTests {
    /// A manifests folder with the inbox example enabled, a plugin whose program is missing,
    /// and a disabled one.
    static func manifests(in folder: URL) throws {
        let plugins: [(String, String)] = [
            ("inbox", """
            name: inbox
            enabled: true
            command: \(Binaries.path("InboxPlugin"))
            actor: { display_name: 收件箱, org: root }
            grants: { submit_channels: [letter], event_types: [registered, closed], workflows: [xinfang] }
            restart: { backoff_initial_ms: 100, backoff_max_ms: 500 }
            config: { poll_ms: "200" }
            """),
            ("missing", """
            name: missing
            enabled: true
            command: /nonexistent/xinfang-plugin
            actor: { display_name: 缺失, org: root }
            restart: { max_failures: 2, backoff_initial_ms: 100, backoff_max_ms: 200 }
            """),
            ("off", """
            name: off
            enabled: false
            command: \(Binaries.path("InboxPlugin"))
            """),
        ]
        for (name, text) in plugins {
            let directory = folder.appendingPathComponent(name, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: directory.appendingPathComponent("manifest.yaml"))
        }
    }

    /// Polls until `condition` holds on the plugin list (60 s: CI machines are slow).
    static func waitForPlugins(
        _ admin: Xinfang_V1_AdminService.Client<some ClientTransport>, _ what: String,
        until condition: ([String: Xinfang_V1_PluginStatus]) -> Bool
    ) async throws -> [String: Xinfang_V1_PluginStatus] {
        let deadline = Date().addingTimeInterval(60)
        while true {
            let plugins = Dictionary(uniqueKeysWithValues: try await admin.listPlugins(.init()).plugins.map { ($0.name, $0) })
            if condition(plugins) { return plugins }
            guard Date() < deadline else { throw E2EError("timed out waiting for \(what); plugins: \(plugins)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func pluginsRunUnderTheDaemonAndSurviveKillsAndRestarts() async throws {
        let daemon = try DaemonProcess()
        let folder = daemon.dataDirectory.deletingLastPathComponent().appendingPathComponent("plugins", isDirectory: true)
        try Self.manifests(in: folder)
        daemon.serveArguments = ["--plugins", folder.path]
        try daemon.start()
        defer { daemon.stop() }

        try await withClient(daemon) { client in
            let admin = Xinfang_V1_AdminService.Client(wrapping: client)
            let cases = Xinfang_V1_CaseService.Client(wrapping: client)
            let started = try await Self.waitForPlugins(admin, "inbox running, missing failed") {
                $0["inbox"]?.state == "running" && $0["missing"]?.state == "failed"
            }
            #expect(started["off"]?.state == "disabled")
            #expect(started["inbox"]?.channels == ["letter"])
            #expect(started["missing"]?.lastError.contains("/nonexistent/xinfang-plugin") == true)

            // The plugin's work becomes a case.
            let inbox = daemon.dataDirectory.appendingPathComponent("plugins/inbox/inbox", isDirectory: true)
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            let letter = #"{"subject":"楼上漏水","content":"楼上住户漏水多次协商未果。","petitioner":{"name":"赵六","phone":"13900002222"}}"#
            try Data(letter.utf8).write(to: inbox.appendingPathComponent("letter-1.json"))
            let listed = try await waitFor("the inbox letter to become a case", timeout: 60) {
                let found = try await cases.listCases(.init()).cases.filter { $0.subject == "楼上漏水" }
                return found.isEmpty ? nil : found
            }
            #expect(listed.count == 1)
            #expect(listed.first?.channel == "letter")

            // A plugin killed with SIGKILL is restarted; the daemon serves throughout.
            let pid = try #require(started["inbox"]?.pid)
            kill(pid, SIGKILL)
            let restarted = try await Self.waitForPlugins(admin, "inbox restarted") {
                $0["inbox"]?.state == "running" && $0["inbox"]?.pid != pid && ($0["inbox"]?.restarts ?? 0) >= 1
            }
            #expect(try await cases.listCases(.init()).cases.contains { $0.subject == "楼上漏水" })

            // An operator's restart is taken up; an unknown name is NOT_FOUND.
            _ = try await admin.restartPlugin(.with { $0.name = "inbox" })
            _ = try await Self.waitForPlugins(admin, "inbox restarted on request") {
                $0["inbox"]?.state == "running" && ($0["inbox"]?.restarts ?? 0) > (restarted["inbox"]?.restarts ?? 0)
            }
            await #expect {
                _ = try await admin.restartPlugin(.with { $0.name = "nope" })
            } throws: { ($0 as? RPCError)?.code == .notFound }
        }

        // xfsh shows them, in Chinese, with the failure's reason.
        let shown = try runProgram(Binaries.path("xfsh"), ["--server", daemon.address, "--token", daemon.token, "-c", "plugins"])
        #expect(shown.status == 0, "stderr: \(shown.stderr)")
        #expect(shown.stdout.contains("运行中(running)"))
        #expect(shown.stdout.contains("已失败(failed)"))
        #expect(shown.stdout.contains("已停用(disabled)"))
        #expect(daemon.stop() == 0, "a clean stop with plugins running")
    }

    /// The repository's root (this file is Tests/EndToEndTests/PluginDaemonTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theCExamplePluginBuiltWithMakeWorksAgainstTheRealDaemon() async throws {
        let daemon = try DaemonProcess()
        let scratch = daemon.dataDirectory.deletingLastPathComponent()
        let build = scratch.appendingPathComponent("c-build")
        let make = try runProgram("/usr/bin/make", ["-s", "-C", Self.root.appendingPathComponent("plugins/sdk/c").path, "BUILD=\(build.path)"])
        try #require(make.status == 0, "make failed: \(make.stderr)")
        let folder = scratch.appendingPathComponent("plugins/c-example", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("""
            name: c-example
            enabled: true
            command: \(build.appendingPathComponent("xf-example-plugin").path)
            environment: { XF_EXAMPLE_CHANNEL: letter }
            actor: { display_name: C示例插件, org: root }
            grants: { submit_channels: [letter], event_types: ["*"] }
            config: { idempotency_key: c-e2e-0001, subject: 来信反映道路积水, content: 雨后道路积水严重。, petitioner_name: 李四 }
            """.utf8).write(to: folder.appendingPathComponent("manifest.yaml"))
        daemon.serveArguments = ["--plugins", folder.deletingLastPathComponent().path]
        let log = scratch.appendingPathComponent("daemon.log")
        daemon.logFile = log
        try daemon.start()
        defer { daemon.stop() }

        try await withClient(daemon) { client in
            let admin = Xinfang_V1_AdminService.Client(wrapping: client)
            let cases = Xinfang_V1_CaseService.Client(wrapping: client)
            let running = try await Self.waitForPlugins(admin, "the C plugin runs") { $0["c-example"]?.state == "running" }
            #expect(running["c-example"]?.version == "c-example-1.0")
            let listed = try await waitFor("the C plugin's letter to become a case", timeout: 60) {
                let found = try await cases.listCases(.init()).cases.filter { $0.subject == "来信反映道路积水" }
                return found.isEmpty ? nil : found
            }
            let number = try #require(listed.first?.caseNumber)
            // A note added now reaches the C plugin, which logs it (through the host, tagged
            // with its name) and acknowledges it; nothing stays pending.
            _ = try await cases.addNote(.with { $0.caseRef = number; $0.text = "补充：积水点在路口东侧" })
            _ = try await waitFor("the C plugin's log line for the note event", timeout: 60) { () -> Bool? in
                let text = String(data: (try? Data(contentsOf: log)) ?? Data(), encoding: .utf8) ?? ""
                return text.contains("event note_added on \(number)") ? true : nil
            }
            _ = try await Self.waitForPlugins(admin, "the C plugin acknowledged every event") {
                $0["c-example"]?.outboxPending == 0 && $0["c-example"]?.state == "running"
            }
            #expect(!(String(data: try Data(contentsOf: log), encoding: .utf8) ?? "").contains("ack failed"))
            #expect(try await cases.listCases(.init()).cases.filter { $0.subject == "来信反映道路积水" }.count == 1)
        }
    }
}
