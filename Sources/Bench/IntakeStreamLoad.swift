import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import WireProtocol

/// The maximum-rate intake run over `IntakeService.SubmitStream`: a few streams, each keeping
/// `window` submissions in flight (closed loop: one more is sent for each answer).
enum IntakeStreamLoad {
    static func closedLoop(
        intake: Xinfang_V1_IntakeService.Client<HTTP2ClientTransport.Posix>, streams: Int, window: Int, seconds: Double,
        request: @escaping @Sendable (String, Int) -> Xinfang_V1_SubmitRequest
    ) async throws -> IntakeLoadBench.Run {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        let parts = try await withThrowingTaskGroup(of: IntakeLoadBench.Run.self) { group in
            for stream in 0..<streams {
                group.addTask {
                    try await run(intake: intake, stream: stream, window: window, deadline: deadline, request: request)
                }
            }
            return try await group.reduce(into: [IntakeLoadBench.Run]()) { $0.append($1) }
        }
        return IntakeLoadBench.Run(merging: parts, elapsed: (ContinuousClock.now - start).seconds)
    }

    /// Submissions at a fixed rate over one stream (open loop: latency counts from each
    /// submission's scheduled time).
    static func openLoop(
        intake: Xinfang_V1_IntakeService.Client<HTTP2ClientTransport.Posix>, rate: Int, seconds: Double,
        request: @escaping @Sendable (String, Int) -> Xinfang_V1_SubmitRequest
    ) async throws -> IntakeLoadBench.Run {
        let total = Int(Double(rate) * seconds)
        let interval = Duration.seconds(1.0 / Double(rate))
        let start = ContinuousClock.now
        var run = try await intake.submitStream(
            requestProducer: { writer in
                for index in 0..<total {
                    try? await Task.sleep(until: start + interval * index)
                    let submission = request("stream-open-\(rate)-\(index)", 30_000_000 + rate * 10_000 + index).submission
                    try await writer.write(.with {
                        $0.sequence = UInt64(index)
                        $0.submission = submission
                    })
                }
            },
            onResponse: { response in
                var run = IntakeLoadBench.Run()
                for try await answer in response.messages {
                    let scheduled = start + interval * Int(answer.sequence)
                    run.latencies.add((ContinuousClock.now - scheduled).seconds)
                    if case .result = answer.outcome { run.completed += 1 } else { run.errors += 1 }
                }
                return run
            })
        run.elapsed = (ContinuousClock.now - start).seconds
        return run
    }

    /// One stream: sends while credits last and the run lasts; each answer returns a credit.
    private static func run(
        intake: Xinfang_V1_IntakeService.Client<HTTP2ClientTransport.Posix>, stream: Int, window: Int,
        deadline: ContinuousClock.Instant, request: @escaping @Sendable (String, Int) -> Xinfang_V1_SubmitRequest
    ) async throws -> IntakeLoadBench.Run {
        let sent = Mutex<[UInt64: ContinuousClock.Instant]>([:])
        let (credits, credit) = AsyncStream.makeStream(of: Void.self)
        for _ in 0..<window { credit.yield() }
        return try await intake.submitStream(
            requestProducer: { writer in
                var sequence: UInt64 = 0
                for await _ in credits {
                    guard ContinuousClock.now < deadline else { break }
                    let submission = request("stream-\(stream)-\(sequence)", 20_000_000 + stream * 1_000_000 + Int(sequence)).submission
                    sent.withLock { $0[sequence] = ContinuousClock.now }
                    try await writer.write(.with {
                        $0.sequence = sequence
                        $0.submission = submission
                    })
                    sequence += 1
                }
            },
            onResponse: { response in
                defer { credit.finish() }
                var run = IntakeLoadBench.Run()
                for try await answer in response.messages {
                    let now = ContinuousClock.now
                    if let at = sent.withLock({ $0.removeValue(forKey: answer.sequence) }) { run.latencies.add((now - at).seconds) }
                    if case .result = answer.outcome { run.completed += 1 } else { run.errors += 1 }
                    credit.yield()
                }
                return run
            })
    }
}
