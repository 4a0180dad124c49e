import Synchronization

/// Bounds the work one stream has in progress: `acquire` waits while `limit` slots are taken,
/// `release` hands a slot to the longest waiter. A waiting `acquire` whose task is cancelled
/// (the stream failed) returns false instead of waiting on.
final class StreamSlots: Sendable {
    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var free: Int
        var waiters: [Waiter] = []
        var lastID = 0
    }

    private let state: Mutex<State>

    init(_ limit: Int) {
        precondition(limit > 0)
        state = Mutex(State(free: limit))
    }

    /// True once a slot is the caller's; false if its task was cancelled first.
    func acquire() async -> Bool {
        let id = state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let answer = state.withLock { state -> Bool? in
                    if Task.isCancelled { return false }
                    guard state.free > 0 else {
                        state.waiters.append(Waiter(id: id, continuation: continuation))
                        return nil
                    }
                    state.free -= 1
                    return true
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    func release() {
        let next = state.withLock { state -> Waiter? in
            guard !state.waiters.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiters.removeFirst()  // the slot passes straight to the waiter
        }
        next?.continuation.resume(returning: true)
    }
}
