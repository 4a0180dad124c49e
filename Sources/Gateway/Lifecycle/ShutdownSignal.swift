import Synchronization

/// Tells long-running calls (watch streams) that the daemon is stopping, so they end and
/// let the graceful shutdown finish. grpc-swift does not cancel a streaming handler on
/// graceful shutdown; it waits for it.
final class ShutdownSignal: Sendable {
    private let stopping = Atomic<Bool>(false)

    func trigger() { stopping.store(true, ordering: .releasing) }
    var isStopping: Bool { stopping.load(ordering: .acquiring) }
}
