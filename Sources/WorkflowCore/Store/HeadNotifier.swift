import Foundation
import Synchronization

/// Tells waiting readers (the watch stream, the outbox, the indexer) that the log's head
/// moved. Readers then read the new events from the database themselves.
final class HeadNotifier: Sendable {
    private struct Waiter {
        var after: Int64
        var continuation: CheckedContinuation<Int64, Never>
    }

    private struct State {
        var head: Int64 = -1
        var finished = false
        var waiters: [UUID: Waiter] = [:]
    }

    private let state = Mutex(State())

    /// Records a new head and wakes everyone waiting for a position below it.
    func advance(to head: Int64) {
        let ready = state.withLock { state -> [CheckedContinuation<Int64, Never>] in
            guard head > state.head else { return [] }
            state.head = head
            let due = state.waiters.filter { $0.value.after < head }
            for id in due.keys { state.waiters[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: head) }
    }

    /// Returns once the head passes `position` (at once if it already has), on cancellation,
    /// or when the notifier finishes; the answer is the head known then.
    func wait(after position: Int64) async -> Int64 {
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = state.withLock { state -> Int64? in
                    if state.finished || state.head > position || Task.isCancelled { return state.head }
                    state.waiters[id] = Waiter(after: position, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in state.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: state.withLock { $0.head })
        }
    }

    /// Wakes every waiter for good (shutdown).
    func finish() {
        let all = state.withLock { state -> [(CheckedContinuation<Int64, Never>)] in
            state.finished = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.continuation)
        }
        let head = state.withLock { $0.head }
        for continuation in all { continuation.resume(returning: head) }
    }
}
