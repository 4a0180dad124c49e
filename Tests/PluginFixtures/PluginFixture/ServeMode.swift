import Foundation
import PluginKit
import WireProtocol

/// A well-behaved plugin: submits, records and acknowledges deliveries, probes what it may
/// not do, and exits when the host asks it to.
struct ServeMode {
    let options: FixtureOptions
    let state: FixtureState

    func run() async throws {
        let asking = Capabilities.with {
            $0.submitChannels = options.list("--channels")
            $0.eventTypes = options.list("--events")
            $0.commands = options.list("--commands")
            $0.readContact = options.has("--read-contact")
        }
        try await Plugin.run(name: options.name, version: "fixture-1.0", requesting: asking) { plugin in
            plugin.log(.info, "fixture serving", metadata: ["mode": "serve"])
            if let count = Int(options.value("--submit") ?? "") {
                try await submit(count, plugin: plugin)
            }
            if options.has("--probe-forbidden") {
                await probeForbidden(plugin)
            }
            let exitAfter = Int(options.value("--exit-after-deliveries") ?? "")
            let crashAfter = Int(options.value("--crash-once-after-deliveries") ?? "")
            var received = 0
            for try await delivery in plugin.events {
                received += 1
                state.append(
                    "received.log",
                    "\(delivery.id) \(delivery.event.caseNumber) \(delivery.event.type) \(delivery.attempt)")
                if let exitAfter, received >= exitAfter {
                    exit(3)  // without acknowledging: the host must deliver these again
                }
                if let crashAfter, received >= crashAfter, !state.exists("crashed-once") {
                    state.touch("crashed-once")
                    exit(3)
                }
                if !options.has("--no-ack") { try plugin.ack(delivery) }
            }
            // The events end when the host sends Shutdown (or closes the pipe).
            state.append("lifecycle.log", "events ended")
        }
    }

    private func submit(_ count: Int, plugin: Plugin) async throws {
        let prefix = options.value("--key") ?? "fixture"
        for index in 1...max(count, 1) {
            let key = options.value("--exact-key") == nil ? "\(prefix)-\(index)" : prefix
            let channel = options.list("--channels").first ?? "visit"
            let answer = try await plugin.submit(Submissions.make(key: key, channel: channel))
            state.append("submitted.log", "\(key) \(answer.caseNumber) \(answer.created)")
        }
    }

    /// Tries what the manifest does not grant; each answer's code goes to forbidden.log.
    private func probeForbidden(_ plugin: Plugin) async {
        var lines: [String] = []
        do {
            _ = try await plugin.submit(Submissions.make(key: "forbidden-1", channel: "letter"))
            lines.append("submit ok")
        } catch {
            lines.append("submit \(code(error))")
        }
        do {
            _ = try await plugin.command("accept", onCase: "XF-2026-000001", idempotencyKey: "forbidden-2")
            lines.append("command ok")
        } catch {
            lines.append("command \(code(error))")
        }
        do {
            _ = try await plugin.contact(ofCase: "XF-2026-000001", reason: "回访需要联系方式")
            lines.append("contact ok")
        } catch {
            lines.append("contact \(code(error))")
        }
        for line in lines { state.append("forbidden.log", line) }
    }

    private func code(_ error: any Error) -> String {
        (error as? PluginKitError)?.hostCode ?? "\(error)"
    }
}

/// Asks for more than the manifest grants and records the refusal.
struct GreedyMode {
    let options: FixtureOptions
    let state: FixtureState

    func run() async throws {
        let asking = Capabilities.with { $0.submitChannels = options.list("--channels") }
        do {
            try await Plugin.run(name: options.name, version: "fixture-1.0", requesting: asking) { _ in }
            state.append("refusal.log", "welcomed")
        } catch let error as PluginKitError {
            state.append("refusal.log", "\(error.hostCode) \(error.message)")
            exit(2)
        }
    }
}
