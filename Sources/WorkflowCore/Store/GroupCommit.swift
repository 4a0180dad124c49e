import Synchronization

/// Group commit by one drain loop. Callers queue their work and wait; a caller that finds no
/// drain running starts one. The drain runs on the writer itself (for SQLite: a job on the
/// pool's writer queue) and takes whatever has queued, writes it as one transaction and answers
/// those callers, again and again while work keeps arriving: the writer goes from one commit
/// straight to the next, with no task hop between them, while the answered callers prepare
/// their next writes on other threads. After `holdLimit` it schedules itself again behind
/// whatever else waits for the writer (the indexers, the outbox), so they get their turn.
final class GroupCommit<Context, Work: Sendable, Outcome: Sendable>: Sendable {
    /// Runs one batch in one transaction; returns one result per item, in order.
    typealias Batch = @Sendable (_ works: [Work], _ context: Context) -> [Result<Outcome, any Error>]
    /// Schedules `body` to run with the writer held, after what is already scheduled there.
    typealias Access = @Sendable (_ body: @escaping @Sendable (Context) -> Void) -> Void

    private struct Waiter: Sendable {
        var work: Work
        var continuation: CheckedContinuation<Result<Outcome, any Error>, Never>
    }

    private struct State {
        var queue: [Waiter] = []
        var draining = false
        var batches = 0
        var items = 0
    }

    /// Transactions run and items written so far (the mean batch size shows how well
    /// concurrent writers are grouped).
    var statistics: (batches: Int, items: Int) { state.withLock { ($0.batches, $0.items) } }
    /// Items waiting for a transaction.
    var queuedCount: Int { state.withLock { $0.queue.count } }

    private let state = Mutex(State())
    private let maxBatch: Int
    private let holdLimit: Duration
    private let access: Access
    private let batch: Batch

    init(maxBatch: Int, holdLimit: Duration = .milliseconds(20), access: @escaping Access, batch: @escaping Batch) {
        precondition(maxBatch > 0)
        self.maxBatch = maxBatch
        self.holdLimit = holdLimit
        self.access = access
        self.batch = batch
    }

    func submit(_ work: Work) async throws -> Outcome {
        try await withCheckedContinuation { (continuation: CheckedContinuation<Result<Outcome, any Error>, Never>) in
            let start = state.withLock { state -> Bool in
                state.queue.append(Waiter(work: work, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { drain() }
        }.get()
    }

    private func drain() {
        access { context in
            if !self.rounds(context) { self.drain() }
        }
    }

    /// Batches while work is queued and the hold lasts; true when the queue ran empty (and
    /// `draining` was cleared in the same lock, so the next caller starts a new drain).
    private func rounds(_ context: Context) -> Bool {
        let start = ContinuousClock.now
        repeat {
            guard let waiters = take() else { return true }
            let results = batch(waiters.map(\.work), context)
            precondition(results.count == waiters.count, "a batch must answer every item")
            for (waiter, result) in zip(waiters, results) { waiter.continuation.resume(returning: result) }
        } while ContinuousClock.now - start < holdLimit
        return false
    }

    private func take() -> [Waiter]? {
        state.withLock { state -> [Waiter]? in
            guard !state.queue.isEmpty else {
                state.draining = false
                return nil
            }
            let taken = Array(state.queue.prefix(maxBatch))
            state.queue.removeFirst(taken.count)
            state.batches += 1
            state.items += taken.count
            return taken
        }
    }
}

