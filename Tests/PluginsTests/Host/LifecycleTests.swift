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
}
