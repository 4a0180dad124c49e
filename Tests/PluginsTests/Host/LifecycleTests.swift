import Foundation
import Plugins
import ServiceLifecycle
import Testing
import WorkflowCore

@Suite("Plugin host: as a service")
struct LifecycleTests {
    @Test("a graceful shutdown of the service group sends Shutdown, lets plugins exit, and returns")
    func gracefulShutdown() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let host = world.host([
            world.fixture("calm", ["serve", "--events", "*"], grants: PluginCapabilities(eventTypes: ["*"])),
            world.fixture("broken", ["garbage"]),
        ])
        let group = ServiceGroup(services: [host], logger: PluginWorld.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await eventually("the calm plugin runs") { host.status(name: "calm")?.state == .running }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(host.status(name: "calm")?.state == .stopped)
        #expect(host.status(name: "calm")?.pid == nil)
        // It left on its own, through PluginKit's end of events, not by a kill.
        #expect(world.lines("lifecycle.log", plugin: "calm") == ["events ended"])
        #expect([.stopped, .failed].contains(host.status(name: "broken")?.state))
    }

    @Test("a plugin whose manifest is gone loses its outbox queue at the next start; a disabled one keeps it")
    func removedPluginsQueuesAreDropped() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        for name in ["plugin:gone", "plugin:resting"] {
            _ = try await world.outbox.register(OutboxSubscription(name: name))
        }
        _ = try await world.outbox.register(OutboxSubscription(name: "hotline-callbacks"))
        _ = try await world.registerCase("queued")
        #expect(try await world.outbox.pendingCount(subscriber: "plugin:gone") > 0)
        var resting = world.fixture("resting", ["serve"])
        resting.enabled = false
        let host = world.host([resting])
        try await world.running(host) { _ in
            try await eventually("the removed plugin's queue is dropped") {
                let names = try await world.outbox.subscribers().map(\.subscription.name)
                return !names.contains("plugin:gone")
            }
        }
        let names = Set(try await world.outbox.subscribers().map(\.subscription.name))
        #expect(names == ["plugin:resting", "hotline-callbacks"], "only plugin queues of removed manifests go")
    }
}
