import Foundation
import Synchronization

/// A value set once and awaited by any number of tasks: the first `set` wins. Waiting is
/// cancellable (``value()`` answers nil) or not (``valueIgnoringCancellation()``, for
/// teardown that must finish even in a cancelled task).
final class Latch<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [UUID: CheckedContinuation<Value?, Never>] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// Sets the value unless one was set before; returns whether this call set it.
    @discardableResult
    func set(_ value: Value) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>]? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value, if set.
    var current: Value? { state.withLock { $0.value } }

    /// Waits for the value; nil if the task is cancelled first.
    func value() async -> Value? {
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Value?? in
                    if let value = state.value { return .some(value) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }

    /// Waits for the value even if the task is cancelled.
    func valueIgnoringCancellation() async -> Value {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
            let ready = state.withLock { state -> Value? in
                if let value = state.value { return value }
                state.waiters[UUID()] = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }!
    }
}
