import Foundation
import Plugins
import Testing
import WorkflowCore

@Suite("Plugin host: enforcement")
struct EnforcementTests {
    @Test("a submission on a channel, a command or a contact read not granted gets an error and changes nothing")
    func notGranted() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let existing = try await world.registerCase("operator-1")
        let caseNumber = existing.key.caseNumber.description
        let before = try await world.store.events(of: existing.key.caseID).count
        let prober = world.fixture(
            "prober", ["serve", "--channels", "visit", "--probe-forbidden"],
            grants: PluginCapabilities(submitChannels: ["visit"], eventTypes: ["registered"]))
        try await world.running(world.host([prober])) { host in
            try await eventually("the plugin has tried everything") {
                world.lines("forbidden.log", plugin: "prober").count == 3
            }
            #expect(host.status(name: "prober")?.state == .running)
        }
        #expect(world.lines("forbidden.log", plugin: "prober") == ["submit not_granted", "command not_granted", "contact not_granted"])
        // Nothing was registered, and the existing case (XF-…-000001) did not change.
        #expect(caseNumber.hasSuffix("000001"))
        #expect(try await world.cases().count == 1)
        #expect(try await world.store.events(of: existing.key.caseID).count == before)
    }
}
