import Foundation
import Testing

@testable import Plugins

@Suite("Plugin manifests")
struct ManifestLoaderTests {
    static let full = """
        name: mailbox
        description: 邮箱来信
        command: bin/mailbox
        arguments: [--poll-ms, "1000"]
        environment:
          MAILBOX_HOST: imap.example.org
        actor:
          display_name: 邮箱插件
          org: xfj
        grants:
          submit_channels: [letter, online]
          event_types: [registered, closed]
          workflows: [xinfang]
          commands: [record_survey]
          read_contact: true
          orgs: [xfj-a]
        restart:
          max_failures: 3
          backoff_initial_ms: 500
          backoff_max_ms: 30000
          stable_after_ms: 60000
          grace_ms: 2000
        heartbeat_interval_ms: 1000
        config:
          folder: /var/spool/mailbox
          poll_ms: 1000
        """

    @Test("a full manifest loads every field")
    func full() throws {
        let manifest = try ManifestLoader.parse(Self.full, file: "mailbox/manifest.yaml", directory: URL(fileURLWithPath: "/srv/plugins/mailbox"), expectedName: "mailbox")
        #expect(manifest.name == "mailbox")
        #expect(manifest.enabled)
        #expect(manifest.arguments == ["--poll-ms", "1000"])
        #expect(manifest.environment == ["MAILBOX_HOST": "imap.example.org"])
        #expect(manifest.displayName == "邮箱插件")
        #expect(manifest.org == "xfj")
        #expect(manifest.grants == PluginCapabilities(
            submitChannels: ["letter", "online"], eventTypes: ["registered", "closed"], commands: ["record_survey"],
            readContact: true, workflows: ["xinfang"]))
        #expect(manifest.maySubmit(atOrg: "xfj-a"))
        #expect(!manifest.maySubmit(atOrg: "xfj-b"))
        #expect(manifest.restart.maxFailures == 3)
        #expect(manifest.restart.backoffInitial == .milliseconds(500))
        #expect(manifest.restart.heartbeatInterval == .seconds(1))
        #expect(manifest.config == ["folder": "/var/spool/mailbox", "poll_ms": "1000"])
    }

    @Test("JSON is accepted, and a minimal manifest takes the defaults")
    func minimalJSON() throws {
        let manifest = try ManifestLoader.parse(#"{"name": "watcher", "command": "/usr/bin/watcher"}"#, file: "manifest.json")
        #expect(manifest.enabled)
        #expect(manifest.grants == PluginCapabilities())
        #expect(manifest.restart == RestartOverrides())
        #expect(manifest.displayName == "watcher")
    }

    @Test(
        "a wrong manifest names the field and the problem",
        arguments: [
            ("name: mailbox\ncommand: x\ngrant:\n  submit_channels: [letter]", "grant", "unknown key `grant`"),
            ("name: Mailbox\ncommand: x", "name", "is not a plugin name"),
            ("name: other\ncommand: x", "name", "must equal the manifest's folder name `mailbox`"),
            ("name: mailbox", "command", "is missing"),
            ("name: mailbox\ncommand: x\nactor: {org: xfj}\ngrants: {submit_channels: [Letter]}", "grants.submit_channels[0]", "is not an id"),
            ("name: mailbox\ncommand: x\ngrants: {submit_channels: [letter]}", "actor.org", "is missing"),
            ("name: mailbox\ncommand: x\nrestart: {max_failures: 0}", "restart.max_failures", "from 1 to 1000"),
            ("name: mailbox\ncommand: x\nrestart: {backoff_initial_ms: 5000, backoff_max_ms: 10}", "restart.backoff_max_ms", "must not be less"),
            ("name: mailbox\ncommand: x\nenabled: perhaps", "enabled", "must be true or false"),
            ("name: mailbox\ncommand: [x, y]", "command", "must be a single value"),
        ])
    func errors(text: String, field: String, problem: String) {
        #expect {
            try ManifestLoader.parse(text, file: "plugins/mailbox/manifest.yaml", expectedName: "mailbox")
        } throws: { error in
            guard let error = error as? ManifestError else { return false }
            return error.field == field && error.problem.contains(problem) && error.file == "plugins/mailbox/manifest.yaml"
        }
    }

    @Test("a folder of plugins loads each, keeping a broken one as an error under its folder's name")
    func folder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("xinfang-manifests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (folder, text) in [("good", "name: good\ncommand: /bin/true"), ("broken", "name: broken\ncomand: /bin/true")] {
            let directory = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: directory.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sdk"), withIntermediateDirectories: true)
        let entries = ManifestLoader.loadAll(from: root)
        #expect(entries.map(\.name) == ["broken", "good"])
        #expect((try? entries[1].manifest.get())?.command == "/bin/true")
        guard case .failure(let error) = entries[0].manifest else {
            Issue.record("the broken manifest loaded")
            return
        }
        #expect(error.field == "comand")
        #expect(ManifestLoader.loadAll(from: root.appendingPathComponent("missing")).isEmpty)
    }
}

@Suite("Shipped plugin manifests")
struct ShippedManifestTests {
    @Test("every manifest in plugins/ loads")
    func shipped() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("plugins")
        let entries = ManifestLoader.loadAll(from: root)
        #expect(entries.contains { $0.name == "c-example" })
        for entry in entries {
            if case .failure(let error) = entry.manifest { Issue.record("\(error)") }
        }
    }
}
