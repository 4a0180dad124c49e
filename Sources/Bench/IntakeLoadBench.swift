import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import WireProtocol

/// Intake over real gRPC from this separate client process against a real xinfangd:
/// cases/s and latency at fixed offered rates (open loop: latency counts from each request's
/// scheduled time, so a slow server cannot hide queueing) and at the maximum (closed loop).
struct IntakeLoadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "intake-load", abstract: "gRPC intake load from a separate process.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Concurrent callers for the maximum-rate run.") var callers = 256
    @Option(help: "Streams for the maximum-rate run over SubmitStream.") var streams = 4
    @Option(help: "Submissions each stream keeps in flight.") var window = 64
    @Option(help: "Runs only these rows (for profiling one load): 100, 1000, max, stream-1000, stream-max.")
    var only: [String] = []

    func run() async throws {
        let seconds = options.quick ? 2.0 : 8.0
        let data = URL(fileURLWithPath: options.scratch).appendingPathComponent("daemon-\(UUID().uuidString)")
        let daemon = try BenchDaemon.serve(data, token: try BenchDaemon.initialise(data), metrics: true)
        defer { daemon.stop() }
        var result = BenchResult(
            name: "intake-load", title: "Intake load over gRPC (separate client process, real daemon, durable before ack)",
            columns: ["offered", "cases/s", "p50 ms", "p99 ms", "max ms", "errors", "index lag after (search / duplicates, events)"])
        /// One table row with both index lags as the run left them; then (unless the caller times
        /// it) waits for the indexes, so each run starts caught up.
        func record(_ run: Run, _ offered: String, wait: Bool = true) async throws {
            result.rows.append(run.row(offered: offered).merging(["index lag after (search / duplicates, events)": try Self.lag(daemon)]) { $1 })
            if wait { try await daemon.waitForIndexes() }
        }
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: daemon.port), transportSecurity: .plaintext)
        try await withGRPCClient(transport: transport, interceptors: [BearerTokenInterceptor(token: daemon.token)]) { client in
            let intake = Xinfang_V1_IntakeService.Client(wrapping: client)
            _ = try await intake.submit(Self.request("warm-up", index: 0))
            func runs(_ row: String) -> Bool { only.isEmpty || only.contains(row) }
            for rate in [100, 1000] where runs("\(rate)") {
                try await record(Self.openLoop(intake: intake, rate: rate, seconds: seconds), "\(rate)/s")
            }
            if runs("max") {
                try await record(Self.closedLoop(intake: intake, callers: callers, seconds: seconds), "max (\(callers) callers)", wait: false)
                let catchUp = try await Bench.seconds { try await daemon.waitForIndexes() }
                result.notes.append(
                    "After the maximum-rate run the search index and duplicate detection caught up in \(format(catchUp)) s (the indexers yield to intake while it is busy: docs/architecture.md).")
            }
            if runs("stream-1000") {
                try await record(
                    IntakeStreamLoad.openLoop(intake: intake, rate: 1000, seconds: seconds, request: Self.request), "1000/s over SubmitStream (1 stream)")
            }
            if runs("stream-max") {
                try await record(
                    IntakeStreamLoad.closedLoop(intake: intake, streams: streams, window: window, seconds: seconds, request: Self.request),
                    "max over SubmitStream (\(streams) streams × \(window) in flight)")
            }
        }
        result.notes += [
            "Submissions are varied petitions (PetitionCorpus, seed 2026): different petitioners, places and matters, so duplicate detection finds what it would in real intake.",
            "Each Submit registers a case (number, idempotency key, events, projections) and is answered only after its transaction committed with synchronous=FULL.",
            "The SubmitStream rows: the same submissions over long-lived streams (a platform bridge or a bulk import), each answered by sequence once durable; at 1000/s latency counts from each submission's scheduled time, at the maximum from its sending.",
            "Daemon and client share the machine's cores. Targets (issue 6): ≥5,000 cases/s at the maximum, p99 < 20 ms at 1,000/s offered.",
        ]
        try result.write(to: options.results)
    }

    /// Both index lags, as the daemon's gauges report them.
    static func lag(_ daemon: BenchDaemon) throws -> String {
        let search = try daemon.metric("xinfang_search_index_lag_events") ?? -1
        let duplicates = try daemon.metric("xinfang_duplicate_detection_lag_events") ?? -1
        return "\(Int(search)) / \(Int(duplicates))"
    }

    struct Run {
        var latencies = Samples()
        var completed = 0
        var errors = 0
        var elapsed = 0.0

        init() {}

        /// The runs of concurrent callers as one run that took `elapsed`.
        init(merging parts: [Run], elapsed: Double) {
            self.elapsed = elapsed
            for part in parts {
                for value in part.latencies.values { latencies.add(value) }
                completed += part.completed
                errors += part.errors
            }
        }

        func row(offered: String) -> [String: String] {
            [
                "offered": offered, "cases/s": format(Double(completed) / elapsed, digits: 0),
                "p50 ms": format(latencies.median * 1000, digits: 2), "p99 ms": format(latencies.percentile(99) * 1000, digits: 2),
                "max ms": format(latencies.percentile(100) * 1000, digits: 2), "errors": "\(errors)",
            ]
        }
    }

    /// The petitions submitted: varied text, places and petitioners from the search benchmark's
    /// generator (identical submissions would make every case a duplicate of all earlier ones).
    static let corpus = PetitionCorpus(seed: 2026)

    static func request(_ key: String, index: Int) -> Xinfang_V1_SubmitRequest {
        let registration = corpus.petition(index).registration
        return .with {
            $0.submission = .with {
                $0.idempotencyKey = key
                $0.channel = "phone"
                $0.subject = registration.subject
                $0.content = registration.content
                $0.petitioner = .with {
                    $0.name = registration.petitioner.name
                    $0.phone = registration.petitioner.phone
                }
            }
        }
    }

    static func openLoop(intake: Xinfang_V1_IntakeService.Client<HTTP2ClientTransport.Posix>, rate: Int, seconds: Double) async throws -> Run {
        let total = Int(Double(rate) * seconds)
        let start = ContinuousClock.now
        let interval = Duration.seconds(1.0 / Double(rate))
        let outcomes = await withTaskGroup(of: Double?.self) { group in
            for index in 0..<total {
                let scheduled = start + interval * index
                try? await Task.sleep(until: scheduled)
                group.addTask {
                    do {
                        _ = try await intake.submit(request("open-\(rate)-\(index)-\(UUID().uuidString.prefix(8))", index: rate * 100_000 + index))
                        return (ContinuousClock.now - scheduled).seconds
                    } catch {
                        return nil
                    }
                }
            }
            return await group.reduce(into: [Double?]()) { $0.append($1) }
        }
        var run = Run()
        run.elapsed = (ContinuousClock.now - start).seconds
        for outcome in outcomes {
            if let latency = outcome { run.latencies.add(latency); run.completed += 1 } else { run.errors += 1 }
        }
        return run
    }

    static func closedLoop(intake: Xinfang_V1_IntakeService.Client<HTTP2ClientTransport.Posix>, callers: Int, seconds: Double) async throws -> Run {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        let parts = await withTaskGroup(of: Run.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var run = Run()
                    var index = 0
                    while ContinuousClock.now < deadline {
                        let sent = ContinuousClock.now
                        do {
                            _ = try await intake.submit(request("max-\(caller)-\(index)", index: 10_000_000 + caller * 100_000 + index))
                            run.latencies.add((ContinuousClock.now - sent).seconds)
                            run.completed += 1
                        } catch {
                            run.errors += 1
                        }
                        index += 1
                    }
                    return run
                }
            }
            return await group.reduce(into: [Run]()) { $0.append($1) }
        }
        return Run(merging: parts, elapsed: (ContinuousClock.now - start).seconds)
    }
}
