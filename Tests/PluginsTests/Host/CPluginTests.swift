import Foundation
import Plugins
import Testing
import WorkflowCore

@Suite("Plugin host: the C SDK's example plugin")
struct CPluginTests {
    /// The repository's root (this file is Tests/PluginsTests/Host/CPluginTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("the example C plugin, built with make, handshakes, submits a case once and acknowledges events")
    func exampleCPlugin() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let build = world.root.appendingPathComponent("c-build")
        let make = try Self.run("/usr/bin/make", ["-s", "-C", Self.root.appendingPathComponent("plugins/sdk/c").path, "BUILD=\(build.path)"])
        try #require(make.status == 0, "make failed: \(make.output)")

        let manifest = PluginManifest(
            name: "c-example", command: build.appendingPathComponent("xf-example-plugin").path,
            environment: ["XF_EXAMPLE_CHANNEL": "letter"], org: PluginWorld.org,
            grants: PluginCapabilities(submitChannels: ["letter"], eventTypes: ["*"]),
            config: ["idempotency_key": "c-letter-0001", "subject": "来信反映道路积水", "petitioner_name": "李四"])

        try await world.running(world.host([manifest])) { host in
            try await eventually("the C plugin is running and its case is registered") {
                let count = try await world.cases().count
                return host.status(name: "c-example")?.state == .running && count == 1
            }
            #expect(host.status(name: "c-example")?.version == "c-example-1.0")
            try await eventually("the C plugin acknowledged its case's events") {
                try await world.outbox.pendingCount(subscriber: "plugin:c-example") == 0
            }
        }
        let registered = try #require(try await world.cases().first)
        #expect(registered.channel == "letter")
        #expect(registered.subject == "来信反映道路积水")

        // While it is down, a note is added; after it comes back it acknowledges that too,
        // and its submission (same idempotency key) registers nothing new.
        try await world.addNote(registered.key.caseID, "补充：积水点在路口东侧")
        #expect(try await world.outbox.pendingCount(subscriber: "plugin:c-example") >= 1)
        try await world.running(world.host([manifest])) { host in
            try await eventually("the C plugin acknowledged the note") {
                try await world.outbox.pendingCount(subscriber: "plugin:c-example") == 0
            }
            #expect(host.status(name: "c-example")?.state == .running)
        }
        #expect(try await world.cases().count == 1)
    }

    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
