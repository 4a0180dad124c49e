import Dispatch
import Foundation
import Synchronization
import Testing

@testable import WorkflowCore

/// The group-commit drain over a plain serial queue standing in for the database writer.
struct GroupCommitTests {
    /// A serial "writer": records each batch it runs and what else ran on it.
    final class Writer: Sendable {
        let queue = DispatchQueue(label: "group-commit-test-writer")
        let log = Mutex<[String]>([])

        func access(_ body: @escaping @Sendable (Void) -> Void) { queue.async { body(()) } }

        func commit(_ works: [Int]) -> [Result<Int, any Error>] {
            log.withLock { $0.append("batch \(works.count)") }
            return works.map { $0 < 0 ? .failure(StoreError(.conflict, "negative \($0)")) : .success($0 * 10) }
        }
    }

    @Test func concurrentSubmissionsShareTransactionsAndEachGetsItsOwnAnswer() async throws {
        let writer = Writer()
        let commit = GroupCommit<Void, Int, Int>(maxBatch: 64, access: writer.access) { works, _ in writer.commit(works) }
        // Hold the writer so every submission queues behind it, then let go.
        let gate = DispatchSemaphore(value: 0)
        writer.queue.async { gate.wait() }
        let answers = try await withThrowingTaskGroup(of: (Int, Result<Int, StoreError>).self) { group in
            for item in -5..<200 {
                group.addTask {
                    do { return (item, .success(try await commit.submit(item))) } catch let error as StoreError { return (item, .failure(error)) }
                }
            }
            while commit.queuedCount < 205 { await Task.yield() }
            gate.signal()
            return try await group.reduce(into: [Int: Result<Int, StoreError>]()) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 205)
        for (item, answer) in answers {
            switch answer {
            case .success(let value): #expect(item >= 0 && value == item * 10)
            case .failure(let error): #expect(item < 0 && error.code == .conflict)
            }
        }
        let stats = commit.statistics
        #expect(stats.items == 205)
        #expect(stats.batches == 4, "205 writes queued behind the held writer, at most 64 per transaction")
        #expect(writer.log.withLock { $0.allSatisfy { $0.hasPrefix("batch") } })
    }

    @Test(.timeLimit(.minutes(1))) func aDrainThatKeepsGettingWorkLetsOtherWriterJobsIn() async throws {
        let writer = Writer()
        let commit = GroupCommit<Void, Int, Int>(maxBatch: 4, holdLimit: .milliseconds(5), access: writer.access) { works, _ in
            Thread.sleepBriefly()
            return writer.commit(works)
        }
        let stop = Flag()
        // Sixteen writers submit without pause, so the drain always finds work queued.
        let load = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for item in 0..<16 {
                    group.addTask { while !stop.isSet { _ = try await commit.submit(item) } }
                }
                try await group.waitForAll()
            }
        }
        while commit.statistics.batches < 10 { try await Task.sleep(for: .milliseconds(1)) }
        // Another job for the writer (an indexer's transaction) runs while the load goes on.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            writer.access { _ in
                writer.log.withLock { $0.append("other") }
                done.resume()
            }
        }
        // The writers keep submitting: the drain must take their work up again (the time
        // limit fails the test if it never does). Stopping right after `other` raced with
        // writers that had nothing queued at that moment.
        let batchesWhenOtherRan = commit.statistics.batches
        while commit.statistics.batches <= batchesWhenOtherRan { try await Task.sleep(for: .milliseconds(1)) }
        stop.set()
        try await load.value
        let log = writer.log.withLock { $0 }
        let other = try #require(log.firstIndex(of: "other"))
        #expect(log[(other + 1)...].contains { $0.hasPrefix("batch") }, "the drain went on after yielding the writer")
    }

}

final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

extension Thread {
    /// A short pause standing in for a transaction's work.
    static func sleepBriefly() { usleep(200) }
}
