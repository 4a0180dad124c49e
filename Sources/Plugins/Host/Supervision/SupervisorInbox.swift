import Foundation
import Synchronization

/// A request to a supervisor, with a way to tell the requester it was taken up.
struct SupervisorEnvelope: Sendable {
    var request: SupervisorRequest
    var accepted: CheckedContinuation<Void, Never>?

    /// Tells the requester the request was taken up (once).
    mutating func accept() {
        accepted?.resume()
        accepted = nil
    }
}

/// The requests waiting for one supervisor: whoever is waiting (the supervisor between runs,
/// or the running session) takes the next one.
final class SupervisorInbox: Sendable {
    private struct State {
        var queue: [SupervisorEnvelope] = []
        /// The supervisor is done: requests are accepted (and dropped) at once.
        var closed = false
        var waiter: CheckedContinuation<SupervisorEnvelope?, Never>?
    }

    private let state = Mutex(State())

    init() {}

    func post(_ envelope: SupervisorEnvelope) {
        var dropped: SupervisorEnvelope?
        let waiter = state.withLock { state -> CheckedContinuation<SupervisorEnvelope?, Never>? in
            if state.closed {
                dropped = envelope
                return nil
            }
            guard let waiter = state.waiter else {
                // A shutdown overtakes anything queued before it.
                if envelope.request == .shutdown { state.queue.insert(envelope, at: 0) } else { state.queue.append(envelope) }
                return nil
            }
            state.waiter = nil
            return waiter
        }
        dropped?.accept()
        waiter?.resume(returning: envelope)
    }

    /// Closes the inbox (the supervisor is done) and returns what was waiting: no requester
    /// may wait for an answer that will never come.
    func close() -> [SupervisorEnvelope] {
        state.withLock { state in
            state.closed = true
            defer { state.queue.removeAll() }
            return state.queue
        }
    }

    /// The next request; nil when the task is cancelled first.
    func next() async -> SupervisorEnvelope? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> SupervisorEnvelope?? in
                    if !state.queue.isEmpty { return .some(state.queue.removeFirst()) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// The next request within `timeout`; nil after the timeout or on cancellation.
    func next(timeout: Duration) async -> SupervisorEnvelope? {
        await withTaskGroup(of: SupervisorEnvelope?.self) { group in
            group.addTask { await self.next() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            // The other child may have taken a request as it was cancelled: keep it.
            for await late in group { if let late { post(late) } }
            return first
        }
    }
}
