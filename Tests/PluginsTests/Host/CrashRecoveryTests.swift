import Foundation
import Plugins
import Testing
import WorkflowCore

@Suite("Plugin host: crashes")
struct CrashRecoveryTests {
    @Test("a plugin that crashes mid-submission creates the case once after its restart")
    func crashMidSubmission() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let crasher = world.fixture(
            "crasher", ["crash-mid-submit", "--key", "order-4711"], grants: PluginCapabilities(submitChannels: ["visit"]))
        try await world.running(world.host([crasher])) { host in
            // Read the crash as soon as the host has seen it: under load a later end (a slow
            // handshake of the restarted process) may replace the last error.
            try await eventually("the host has seen the crash") { (host.status(name: "crasher")?.restarts ?? 0) >= 1 }
            let afterCrash = try #require(host.status(name: "crasher"))
            #expect(afterCrash.lastError?.contains("SIGKILL") == true, "last error: \(afterCrash.lastError ?? "none")")
            try await eventually("the restarted plugin has submitted again") {
                !world.lines("submitted.log", plugin: "crasher").isEmpty
            }
            let status = try #require(host.status(name: "crasher"))
            #expect(status.restarts >= 1)
            #expect(status.state == .running)
        }
        let cases = try await world.cases()
        #expect(cases.count == 1)
        let line = try #require(world.lines("submitted.log", plugin: "crasher").first)
        let parts = line.split(separator: " ")
        #expect(parts.count == 3)
        #expect(parts[0] == "order-4711")
        #expect(parts[1] == Substring(cases.first?.key.caseNumber.description ?? "?"))
    }
}
