import ArgumentParser
import Foundation
import GRDB
import WorkflowCore

/// The store at a city's scale (issue 5): loading one case's 1,000 events and folding them
/// (what every command on a long-running case does first), a full projection rebuild at
/// 1,000,000 cases (`xinfangd rebuild`), and the daemon's memory serving that database.
struct StoreScaleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-scale", abstract: "Replay of a 1,000-event case, rebuild and daemon memory at 1,000,000 cases.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Cases to generate (default 1,000,000; 20,000 with --quick).") var cases: Int?
    @Option(help: "Seed of the text generator.") var seed: UInt64 = 12_345

    func run() async throws {
        let count = cases ?? (options.quick ? 20_000 : 1_000_000)
        let scratch = URL(fileURLWithPath: options.scratch, isDirectory: true).appendingPathComponent("store-scale", isDirectory: true)
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let decider = CaseDecider(catalog: try WorkflowLoader.loadBundled(), calendar: try WorkingCalendar.bundled().allowingProvisionalYears(1))
        var result = BenchResult(
            name: "store-scale", title: "The store at scale", columns: ["measure", "figure", "unit", "detail"])

        result.rows += try await replay(decider: decider, folder: scratch)

        // A real data directory (xinfangd init), filled in bulk, then rebuilt and served.
        let data = scratch.appendingPathComponent("data", isDirectory: true)
        let token = try BenchDaemon.initialise(data)
        let store = try SQLiteEventStore(dataDirectory: data)
        let loadSeconds = try await seconds { _ = try await BulkCase.load(count, corpus: PetitionCorpus(seed: seed), store: store, decider: decider) }
        let events = try await store.headPosition()
        // An archive loaded in bulk was checked for repeats where it came from: the daemon
        // indexes it for later intake without recording candidates on it.
        let key = try SiteKey.loadOrCreate(directory: data)
        try await SQLiteDuplicateIndexer(store: store, handler: CaseCommandHandler(store: store, decider: decider), siteKey: key)
            .markDetected(through: events)
        print("loaded \(count) cases (\(events) events) in \(format(loadSeconds)) s")
        var rebuilt: SQLiteEventStore.RebuildReport?
        let rebuildSeconds = try await seconds { rebuilt = try await store.rebuildProjections(evolve: decider.evolve) }
        guard let report = rebuilt else { throw BenchError("the rebuild reported nothing") }
        print("rebuilt in \(format(rebuildSeconds)) s")
        try store.close()
        result.rows.append([
            "measure": "full projection rebuild", "figure": format(rebuildSeconds), "unit": "s",
            "detail": "\(report.cases.formatted()) cases, \(report.events.formatted()) events: "
                + "\(format(Double(report.cases) / rebuildSeconds, digits: 0)) cases/s (case list, org trail, timers, counters; the search and duplicate indexes follow the log and are measured below)",
        ])

        let memory = try await serveAndMeasure(data, token: token)
        result.rows.append([
            "measure": "daemon resident memory, started", "figure": format(memory.started / 1_048_576), "unit": "MiB",
            "detail": "VmRSS once it listens over \(count.formatted()) cases",
        ])
        result.rows.append([
            "measure": "daemon resident memory, caught up", "figure": format(memory.caughtUp / 1_048_576), "unit": "MiB",
            "detail": "VmRSS after the search and duplicate indexers have taken in every case (\(format(memory.catchUpSeconds)) s, both at once)",
        ])
        result.rows.append([
            "measure": "daemon peak resident memory", "figure": format(memory.peak / 1_048_576), "unit": "MiB",
            "detail": "VmHWM over the whole run",
        ])
        result.notes = [
            "Cases written in bulk as the store records them (see the search benchmark), \(format(loadSeconds)) s, into a data "
                + "directory made by `xinfangd init`; the rebuild is `SQLiteEventStore.rebuildProjections`, what `xinfangd rebuild` runs, "
                + "in one transaction.",
            "The daemon is the release `xinfangd serve` on that directory; memory is read from /proc/PID/status.",
        ]
        try result.write(to: options.results)
    }

    /// Serves `data` and reads the daemon's memory once it listens and once its search and
    /// duplicate indexes have caught up with every case (both lag gauges reach 0).
    private func serveAndMeasure(_ data: URL, token: String) async throws -> (started: Double, caughtUp: Double, peak: Double, catchUpSeconds: Double) {
        let daemon = try BenchDaemon.serve(data, token: token, metrics: true)
        defer { daemon.stop() }
        let started = daemon.status("VmRSS")
        let start = ContinuousClock.now
        try await daemon.waitForIndexes(poll: .milliseconds(500))
        return (started, daemon.status("VmRSS"), daemon.status("VmHWM"), (ContinuousClock.now - start).seconds)
    }

    /// One case with 1,000 events (a registration and 999 notes through the handler), then
    /// `CaseCommandHandler.load` timed: read every event, decode, fold.
    private func replay(decider: CaseDecider, folder: URL) async throws -> [[String: String]] {
        let store = try SQLiteEventStore(path: folder.appendingPathComponent("replay.sqlite").path)
        defer { try? store.close() }
        let handler = CaseCommandHandler(store: store, decider: decider)
        let created = try await handler.register(BenchData.registration(key: "replay", index: 7), actor: BenchData.actor, now: Date())
        var version = created.events.count
        while version < 1_000 {
            _ = try await handler.handle(.addNote(text: "第\(version)次补充材料：来访人再次说明情况。"), caseID: created.key.caseID, actor: BenchData.actor, now: Date())
            version += 1
        }
        var samples = Samples()
        var loaded = 0
        for _ in 0..<(options.quick ? 20 : 200) {
            let elapsed = try await seconds { loaded = try await handler.load(created.key.caseID)?.state.version ?? 0 }
            samples.add(elapsed * 1000)
        }
        precondition(loaded == version, "the replay folded \(loaded) events, expected \(version)")
        return [
            ["measure": "replay of a 1,000-event case, p50", "figure": format(samples.median, digits: 2), "unit": "ms",
             "detail": "read, decode and fold every event (CaseCommandHandler.load), \(samples.count) runs"],
            ["measure": "replay of a 1,000-event case, p99", "figure": format(samples.percentile(99), digits: 2), "unit": "ms", "detail": ""],
        ]
    }
}
