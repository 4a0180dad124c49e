import Foundation
import Plugins
import Testing
import WorkflowCore

@Suite("Plugin host: outbox delivery")
struct PluginDeliveryTests {
    static let everything = PluginCapabilities(submitChannels: ["visit"], eventTypes: ["*"])

    /// The deliveries recorded by the fixture: id and event type, in arrival order.
    static func received(_ world: PluginWorld, _ plugin: String) -> [(id: Int64, type: String, attempt: Int)] {
        world.lines("received.log", plugin: plugin).compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 4, let id = Int64(parts[0]), let attempt = Int(parts[3]) else { return nil }
            return (id, String(parts[2]), attempt)
        }
    }

    @Test("events published while the plugin and the daemon are down all reach it after it comes back")
    func publishedWhileDown() async throws {
        let firstWorld = try PluginWorld()
        let listener = firstWorld.fixture("listener", ["serve", "--events", "*"], grants: Self.everything)

        // First run: the plugin subscribes and receives what happens while it runs.
        let first = try await firstWorld.registerCase("before-1")
        try await firstWorld.running(firstWorld.host([listener])) { host in
            // Subscribed once it runs (the subscription starts at the log's head then).
            try await eventually("the plugin runs") { host.status(name: "listener")?.state == .running }
            try await firstWorld.addNote(first.key.caseID, "运行中")
            try await eventually("the note reached the plugin") {
                Self.received(firstWorld, "listener").contains { $0.type == "note_added" }
            }
        }

        // Down: the host is stopped and the store closed (a daemon restart), events pile up.
        let world = try firstWorld.reopened()
        defer { world.close() }
        let second = try await world.registerCase("while-down-1")
        try await world.addNote(second.key.caseID, "停机期间")
        try await world.addNote(first.key.caseID, "停机期间")
        let published = try await world.store.events(after: 0, limit: 1_000).map(\.position)
        #expect(try await world.outbox.pendingCount(subscriber: "plugin:listener") >= 3)

        // Back: everything published while down arrives, and is acknowledged.
        try await world.running(world.host([listener])) { host in
            try await eventually("the outbox of the plugin is empty") {
                try await world.outbox.pendingCount(subscriber: "plugin:listener") == 0
            }
            try await eventually("the host shows an empty outbox") { host.status(name: "listener")?.outboxPending == 0 }
        }
        let ids = Set(Self.received(world, "listener").map(\.id))
        let afterSubscribing = published.filter { $0 > first.events.last!.position }
        #expect(afterSubscribing.allSatisfy { ids.contains($0) })
        #expect(ids.contains(second.events.first!.position))
    }

    @Test("deliveries a plugin did not acknowledge before it crashed are delivered again, in order per case")
    func redeliveredAfterCrash() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let flaky = world.fixture(
            "flaky", ["serve", "--events", "*", "--crash-once-after-deliveries", "2"], grants: Self.everything)
        try await world.running(world.host([flaky])) { host in
            try await eventually("the plugin has subscribed") { host.status(name: "flaky")?.state == .running }
            let one = try await world.registerCase("flaky-1")
            try await world.addNote(one.key.caseID, "第一条")
            try await world.addNote(one.key.caseID, "第二条")
            try await eventually("everything is acknowledged") {
                try await world.outbox.pendingCount(subscriber: "plugin:flaky") == 0
            }
            #expect((host.status(name: "flaky")?.restarts ?? 0) >= 1)
        }
        let received = Self.received(world, "flaky")
        #expect(received.count > 2, "\(received)")
        // The delivery it crashed holding (recorded, never acknowledged) came again, with a
        // higher attempt number. (The one before may come again too: at least once.)
        let held = received[1]
        #expect(received.dropFirst(2).contains { $0.id == held.id && $0.attempt > held.attempt })
        // In order per case: the run after the crash saw the case's events in log order.
        let ids = received.dropFirst(2).map(\.id)
        #expect(ids == ids.sorted())
    }

    @Test("events the manifest subscribes the plugin to but it did not ask for are acknowledged by the host, not sent")
    func onlyWhatWasAskedFor() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        let notes = world.fixture("notes", ["serve", "--events", "note_added"], grants: Self.everything)
        try await world.running(world.host([notes])) { host in
            try await eventually("the plugin has subscribed") { host.status(name: "notes")?.state == .running }
            let registered = try await world.registerCase("notes-1")
            try await world.addNote(registered.key.caseID, "补充材料")
            try await eventually("the outbox is empty") {
                try await world.outbox.pendingCount(subscriber: "plugin:notes") == 0
            }
            #expect(host.status(name: "notes")?.granted.eventTypes == ["note_added"])
        }
        #expect(Self.received(world, "notes").map(\.type) == ["note_added"])
    }
}
