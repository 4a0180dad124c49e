import Foundation
import Plugins
import Testing
import WorkflowCore

@Suite("Plugin host: misbehaving plugins")
struct MisbehaviourTests {
    /// Four broken plugins and a healthy one under one host: each broken one is stopped,
    /// restarted and finally marked failed with its own reason, while the healthy one keeps
    /// serving (it submits after the others have failed).
    @Test("hung, garbage-writing, oversized-frame and greedy plugins fail; the host keeps serving")
    func brokenPluginsFailAlone() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        var configuration = PluginWorld.fastConfiguration
        configuration.maxFrameBytes = 64 * 1024
        configuration.maxFailures = 2
        let visit = PluginCapabilities(submitChannels: ["visit"])
        let manifests = [
            world.fixture("hanger", ["hang"]),
            world.fixture("babbler", ["garbage"]),
            world.fixture("bloater", ["oversized", "--bytes", "1048576"]),
            world.fixture("greedy", ["greedy", "--channels", "visit,phone"], grants: visit),
            world.fixture("healthy", ["serve", "--channels", "visit"], grants: visit),
        ]
        let host = world.host(manifests, configuration: configuration)
        try await world.running(host) { host in
            try await eventually("every broken plugin has failed") {
                let states = Dictionary(uniqueKeysWithValues: host.statuses().map { ($0.name, $0.state) })
                return ["hanger", "babbler", "bloater", "greedy"].allSatisfy { states[$0] == .failed }
            }
            let statuses = Dictionary(uniqueKeysWithValues: host.statuses().map { ($0.name, $0) })

            let hanger = try #require(statuses["hanger"])
            #expect(hanger.lastError?.contains("did not answer a heartbeat") == true)
            #expect(hanger.restarts == 1)
            #expect(hanger.pid == nil)

            let babbler = try #require(statuses["babbler"])
            #expect(babbler.lastError?.contains("protocol violation") == true)
            #expect(babbler.lastError?.contains("frame flag") == true)

            let bloater = try #require(statuses["bloater"])
            #expect(bloater.lastError?.contains("frame length 1048576 exceeds the limit of 65536 bytes") == true)

            // A refusal is not retried: the same plugin would be refused again.
            let greedy = try #require(statuses["greedy"])
            #expect(greedy.restarts == 0)
            #expect(greedy.lastError?.contains("capability_not_granted") == true)
            #expect(greedy.lastError?.contains("channel `phone`") == true)
            #expect(world.lines("refusal.log", plugin: "greedy").first?.hasPrefix("capability_not_granted") == true)

            let healthy = try #require(statuses["healthy"])
            #expect(healthy.state == .running)
            #expect(healthy.version == "fixture-1.0")
            #expect(healthy.restarts == 0)
            #expect(healthy.pid != nil)
        }
    }

    @Test("the healthy plugin submits while its neighbours fail")
    func healthyNeighbourSubmits() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        var configuration = PluginWorld.fastConfiguration
        configuration.maxFailures = 1000  // the broken plugin keeps restarting throughout
        let visit = PluginCapabilities(submitChannels: ["visit"])
        let host = world.host(
            [
                world.fixture("babbler", ["garbage"]),
                world.fixture("healthy", ["serve", "--channels", "visit", "--submit", "3", "--key", "neighbour"], grants: visit),
            ], configuration: configuration)
        try await world.running(host) { host in
            try await eventually("the healthy plugin has submitted three cases") {
                world.lines("submitted.log", plugin: "healthy").count == 3
            }
            try await eventually("the broken plugin has been restarted") {
                (host.status(name: "babbler")?.restarts ?? 0) >= 2
            }
            #expect(host.status(name: "healthy")?.state == .running)
        }
        #expect(try await world.cases().count == 3)
    }
}
