import ArgumentParser
import Foundation
import Logging
import PluginKit
import Plugins
import WorkflowCore

/// Plugin round trip through a real plugin process: a plugin submits a case over its pipes,
/// the host registers it (engine, group commit, outbox row in the same transaction), delivers
/// the case's `registered` event from the plugin's outbox, and the plugin acknowledges it.
/// The benchmark runs itself as the plugin (`--as-plugin`), which times each step.
struct PluginRoundTripBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin-roundtrip", abstract: "Plugin submit-to-acknowledgement latency through a real plugin process.")

    @OptionGroup var options: BenchOptions

    @Flag(help: .hidden) var asPlugin = false
    @Option(help: .hidden) var count = 0
    @Option(help: .hidden) var samples = ""

    func run() async throws {
        if asPlugin {
            try await PluginSide(count: count, samples: samples).run()
            return
        }
        let count = options.quick ? 200 : 2_000
        let warmup = options.quick ? 20 : 100
        let folder = URL(fileURLWithPath: options.scratch).appendingPathComponent("plugin-roundtrip-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let samplesFile = folder.appendingPathComponent("samples.txt")

        let store = try SQLiteEventStore(dataDirectory: data)
        let decider = CaseDecider(catalog: try WorkflowLoader.loadBundled(), calendar: try WorkingCalendar.bundled().allowingProvisionalYears(1))
        let handler = CaseCommandHandler(store: store, decider: decider)
        let manifest = PluginManifest(
            name: "roundtrip", command: Self.executablePath,
            arguments: ["plugin-roundtrip", "--as-plugin", "--count", "\(count + warmup)", "--samples", samplesFile.path],
            org: "bench-org", grants: PluginCapabilities(submitChannels: ["visit"], eventTypes: ["registered"]))
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let host = PluginHost(manifests: [manifest], dataDirectory: data, handler: handler, outbox: SQLiteOutbox(store: store), logger: logger)

        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await host.run() }
            while Self.lines(samplesFile).count < count + warmup {
                if let status = host.status(name: "roundtrip"), status.state == .failed {
                    throw ValidationError("the plugin failed: \(status.lastError ?? "?")")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            group.cancelAll()
        }
        let elapsed = (ContinuousClock.now - start).seconds
        try store.close()

        var submit = Samples()
        var roundTrip = Samples()
        for line in Self.lines(samplesFile).dropFirst(warmup) {
            let parts = line.split(separator: " ").compactMap { Double($0) }
            guard parts.count == 2 else { continue }
            submit.add(parts[0])
            roundTrip.add(parts[1])
        }
        var result = BenchResult(
            name: "plugin-roundtrip", title: "Plugin round trip (submit → registered → delivered → acknowledged)",
            columns: ["step", "samples", "p50 ms", "p99 ms", "max ms"])
        for (step, samples) in [("submit → SubmitResult", submit), ("submit → event delivered and acknowledged", roundTrip)] {
            result.rows.append([
                "step": step, "samples": "\(samples.count)", "p50 ms": format(samples.percentile(50), digits: 2),
                "p99 ms": format(samples.percentile(99), digits: 2), "max ms": format(samples.percentile(100), digits: 2),
            ])
        }
        result.notes = [
            "One plugin process (this binary, `--as-plugin`, using PluginKit) submits \(count) cases one after another (after \(warmup) unmeasured), each time waiting for its own case's `registered` event from its outbox and acknowledging it.",
            "Each submission is a durable registration (WAL, synchronous=FULL) whose outbox row is written in the same transaction; the event then travels the host's delivery pump and the pipe.",
            "Sequential, so latency, not throughput: \(format(Double(count + warmup) / elapsed, digits: 0)) round trips/s overall, process start included.",
        ]
        try result.write(to: options.results)
    }

    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func lines(_ file: URL) -> [Substring] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n")
    }
}

/// The plugin half: submits, waits for its own case's event, acknowledges, and records the
/// two latencies of each round in milliseconds.
private struct PluginSide {
    let count: Int
    let samples: String

    func run() async throws {
        let asking = Capabilities.with {
            $0.submitChannels = ["visit"]
            $0.eventTypes = ["registered"]
        }
        try await Plugin.run(name: "roundtrip", version: "bench", requesting: asking) { plugin in
            var events = plugin.events.makeAsyncIterator()
            var lines = ""
            for index in 0..<count {
                let start = ContinuousClock.now
                let answer = try await plugin.submit(.with {
                    $0.idempotencyKey = "roundtrip-\(index)"
                    $0.channel = "visit"
                    $0.subject = "小区噪音扰民"
                    $0.content = String(repeating: "楼下商铺夜间施工，噪音持续到凌晨。", count: 10)
                    $0.petitioner.name = "王大顺"
                })
                let submitted = ContinuousClock.now
                while let delivery = try await events.next() {
                    try plugin.ack(delivery)
                    if delivery.event.caseNumber == answer.caseNumber { break }
                }
                let acknowledged = ContinuousClock.now
                lines += "\((submitted - start).milliseconds) \((acknowledged - start).milliseconds)\n"
            }
            try Data(lines.utf8).write(to: URL(fileURLWithPath: samples))
            // Stay until the host stops the plugin.
            while try await events.next() != nil {}
        }
    }
}

extension Duration {
    fileprivate var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
