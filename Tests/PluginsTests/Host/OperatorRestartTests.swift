import Foundation
import Plugins
import Testing
import WorkflowCore

@Suite("Plugin host: operator restarts")
struct OperatorRestartTests {
    static func writeManifest(_ folder: URL, arguments: [String], channels: [String]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = """
            name: \(folder.lastPathComponent)
            command: \(Binaries.path("PluginFixture"))
            arguments: [\(arguments.map { "\"\($0)\"" }.joined(separator: ", "))]
            environment: {SWIFT_BACKTRACE: "enable=no"}
            actor: {org: \(PluginWorld.org)}
            grants: {submit_channels: [\(channels.joined(separator: ", "))]}
            """
        try text.write(to: folder.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
    }

    @Test("a failed plugin restarted by an operator reads its fixed manifest and runs")
    func restartFailed() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let manifests = world.root.appendingPathComponent("plugins")
        let folder = manifests.appendingPathComponent("mailbox")
        try Self.writeManifest(folder, arguments: ["greedy", "--channels", "visit,phone"], channels: ["visit"])
        let host = PluginHost(
            manifestsDirectory: manifests, dataDirectory: world.dataDirectory, handler: world.handler, outbox: world.outbox,
            configuration: PluginWorld.fastConfiguration, logger: PluginWorld.logger)
        try await world.running(host) { host in
            try await eventually("the greedy plugin has failed") { host.status(name: "mailbox")?.state == .failed }
            #expect(await host.restart(name: "nobody") == nil)

            try Self.writeManifest(folder, arguments: ["serve", "--channels", "visit"], channels: ["visit", "phone"])
            let accepted = try #require(await host.restart(name: "mailbox"))
            #expect(accepted.state != .failed)
            try await eventually("the fixed plugin runs") { host.status(name: "mailbox")?.state == .running }
            let status = try #require(host.status(name: "mailbox"))
            #expect(status.restarts == 1)
            #expect(status.granted.submitChannels == ["visit"])
        }
    }

    @Test("a running plugin restarted by an operator is stopped politely and started again")
    func restartRunning() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let manifest = world.fixture("steady", ["serve"])
        try await world.running(world.host([manifest])) { host in
            try await eventually("the plugin runs") { host.status(name: "steady")?.state == .running }
            let before = try #require(host.status(name: "steady")?.pid)
            await host.restart(name: "steady")
            try await eventually("it runs again as a new process") {
                let status = host.status(name: "steady")
                return status?.state == .running && status?.pid != nil && status?.pid != before
            }
            let status = try #require(host.status(name: "steady"))
            #expect(status.restarts == 1)
            #expect(status.lastError == nil)
        }
    }

    @Test("a manifest that does not load is listed as failed with the error; the others run")
    func brokenManifest() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let manifests = world.root.appendingPathComponent("plugins")
        try Self.writeManifest(manifests.appendingPathComponent("good"), arguments: ["serve"], channels: [])
        let broken = manifests.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "name: broken\ncommand: x\nheartbeat_interval_ms: soon\n".write(
            to: broken.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
        let host = PluginHost(
            manifestsDirectory: manifests, dataDirectory: world.dataDirectory, handler: world.handler, outbox: world.outbox,
            configuration: PluginWorld.fastConfiguration, logger: PluginWorld.logger)
        try await world.running(host) { host in
            try await eventually("the good plugin runs") { host.status(name: "good")?.state == .running }
            let status = try #require(host.status(name: "broken"))
            #expect(status.state == .failed)
            #expect(status.lastError?.contains("heartbeat_interval_ms") == true)
            #expect(host.statuses().map(\.name) == ["broken", "good"])
        }
    }
}
