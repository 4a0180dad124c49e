/// Derived indexes (search, duplicates) yield to acknowledgements. While intake keeps the
/// writer busy, an indexer takes small batches (its transaction holds the single writer for a
/// few milliseconds, not tens) and rests after each as long as it took, so it works at most
/// half the time and leaves the cores to the commands people are waiting on. Once intake
/// slows it catches up in full batches. Both report their lag as a gauge: after a burst, new
/// cases become searchable, and get their duplicate candidates, seconds later instead of
/// milliseconds.
struct DerivedIndexPacing {
    /// Acknowledged writes committed during one batch from which on the store counts as busy.
    static let busyWrites = 4
    /// Events (search) or registrations (duplicates) per batch while the store is busy.
    static let busyBatchSize = 32

    /// The batch size when the store is not busy.
    let idleBatchSize: Int
    private(set) var busy = false
    private(set) var rest: Duration = .zero

    init(idleBatchSize: Int) {
        self.idleBatchSize = idleBatchSize
    }

    var batchSize: Int { busy ? min(Self.busyBatchSize, idleBatchSize) : idleBatchSize }

    /// Runs one batch of at most `batchSize` items, then rests when acknowledged writes other
    /// than the batch's own (`ownWrites`, e.g. findings it recorded) committed to `store`
    /// meanwhile. Returns whether the batch moved the indexer on (false: it is caught up).
    mutating func batch(
        on store: SQLiteEventStore, _ body: (_ limit: Int) async throws -> (moved: Bool, ownWrites: Int)
    ) async throws -> Bool {
        let writes = store.writerStatistics.writes
        let started = ContinuousClock.now
        let (moved, ownWrites) = try await body(batchSize)
        guard moved else {
            caughtUp()
            return false
        }
        worked(ContinuousClock.now - started, acknowledged: store.writerStatistics.writes - writes - ownWrites)
        if rest > .zero { try await Task.sleep(for: rest) }
        return true
    }

    /// Notes a batch that took `elapsed` while `acknowledged` writes of others committed; `rest`
    /// is then how long to wait before the next one.
    mutating func worked(_ elapsed: Duration, acknowledged: Int) {
        busy = acknowledged >= Self.busyWrites
        rest = busy ? elapsed : .zero
    }

    /// Notes that the indexer caught up (the next batch starts at full size).
    mutating func caughtUp() {
        busy = false
        rest = .zero
    }
}
