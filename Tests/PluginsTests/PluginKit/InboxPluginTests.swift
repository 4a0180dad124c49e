import Foundation
import Plugins
import Testing
import WorkflowCore

@Suite("The example Swift plugin (PluginKit)")
struct InboxPluginTests {
    @Test("letters dropped in its folder become cases once; a bad letter is rejected with the host's reason")
    func letters() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let folder = world.root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = #"{"subject": "来信反映噪音", "content": "夜间施工", "petitioner": {"name": "王大顺"}, "attributes": {"mailbag": "11-20"}}"#
        let bad = #"{"subject": "", "content": "没有事由", "petitioner": {"name": "李四"}}"#
        try good.write(to: folder.appendingPathComponent("letter-001.json"), atomically: true, encoding: .utf8)
        try bad.write(to: folder.appendingPathComponent("letter-002.json"), atomically: true, encoding: .utf8)

        let manifest = PluginManifest(
            name: "inbox", command: Binaries.path("InboxPlugin"), environment: ["SWIFT_BACKTRACE": "enable=no"],
            org: PluginWorld.org, grants: PluginCapabilities(submitChannels: ["letter"], eventTypes: ["registered", "closed"]),
            config: ["folder": folder.path, "poll_ms": "50"])
        let done = folder.appendingPathComponent("done/letter-001.json")
        let rejected = folder.appendingPathComponent("rejected/letter-002.json.error.txt")
        try await world.running(world.host([manifest])) { host in
            try await eventually("both letters are handled") {
                FileManager.default.fileExists(atPath: done.path) && FileManager.default.fileExists(atPath: rejected.path)
            }
            // The same letter again (same file name, same key) registers nothing new.
            try good.write(to: folder.appendingPathComponent("letter-001.json"), atomically: true, encoding: .utf8)
            try await eventually("the repeated letter is handled") {
                !FileManager.default.fileExists(atPath: folder.appendingPathComponent("letter-001.json").path)
            }
            try await eventually("its own case's registration was delivered and acknowledged") {
                try await world.outbox.pendingCount(subscriber: "plugin:inbox") == 0
            }
            #expect(host.status(name: "inbox")?.state == .running)
            #expect(host.status(name: "inbox")?.version == "1.0.0")
        }
        let cases = try await world.cases()
        #expect(cases.count == 1)
        #expect(cases.first?.channel == "letter")
        let reason = try String(contentsOf: rejected, encoding: .utf8)
        #expect(reason.contains("invalid_field"))
        #expect(reason.contains("submission.subject"))
    }
}
