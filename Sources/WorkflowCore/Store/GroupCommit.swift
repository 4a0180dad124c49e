import Synchronization

/// Group commit without a background task. A caller that finds no writer running becomes
/// the leader: it takes what others queued meanwhile, runs its own work and theirs in one
/// transaction, answers them after the commit, and hands the lead to the next waiting caller
/// if more work queued, so no single caller keeps writing for everyone.
final class GroupCommit<Work: Sendable, Outcome: Sendable>: Sendable {
    /// Runs a batch in one transaction; returns one result per item, in order.
    typealias Batch = @Sendable ([Work]) async -> [Result<Outcome, any Error>]

    private enum Signal: Sendable {
        case done(Result<Outcome, any Error>)
        case lead
    }

    private struct Waiter: Sendable {
        var work: Work
        var continuation: CheckedContinuation<Signal, Never>
    }

    private struct State {
        var queue: [Waiter] = []
        var writing = false
        var batches = 0
        var items = 0
    }

    /// Transactions run and items written so far (the mean batch size shows how well
    /// concurrent writers are grouped).
    var statistics: (batches: Int, items: Int) { state.withLock { ($0.batches, $0.items) } }

    private let state = Mutex(State())
    private let maxBatch: Int
    private let batch: Batch

    init(maxBatch: Int, batch: @escaping Batch) {
        precondition(maxBatch > 0)
        self.maxBatch = maxBatch
        self.batch = batch
    }

    func submit(_ work: Work) async throws -> Outcome {
        let signal = await withCheckedContinuation { (continuation: CheckedContinuation<Signal, Never>) in
            let lead = state.withLock { state -> Bool in
                if state.writing {
                    state.queue.append(Waiter(work: work, continuation: continuation))
                    return false
                }
                state.writing = true
                return true
            }
            if lead { continuation.resume(returning: .lead) }
        }
        switch signal {
        case .done(let result): return try result.get()
        case .lead: return try await runAsLeader(work).get()
        }
    }

    private func runAsLeader(_ own: Work) async -> Result<Outcome, any Error> {
        let others = state.withLock { state -> [Waiter] in
            let taken = Array(state.queue.prefix(maxBatch - 1))
            state.queue.removeFirst(taken.count)
            state.batches += 1
            state.items += taken.count + 1
            return taken
        }
        let results = await batch([own] + others.map(\.work))
        precondition(results.count == others.count + 1, "a batch must answer every item")
        for (waiter, result) in zip(others, results.dropFirst()) {
            waiter.continuation.resume(returning: .done(result))
        }
        let next = state.withLock { state -> Waiter? in
            guard !state.queue.isEmpty else {
                state.writing = false
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return results[0]
    }
}
