import Synchronization

/// The folded state of recently handled cases, so a command reads only the events appended
/// since (usually none) instead of a case's whole history. Never the truth: the handler
/// always reads the log's tail after the cached version and the store's expected-version
/// check decides every append, so a stale entry costs a read, never a wrong decision.
final class CaseStateCache: Sendable {
    /// Cases remembered; the oldest entry goes first when full (a few KiB each).
    static let capacity = 4_096

    private struct State {
        var states: [CaseID: CaseState] = [:]
        /// Insertion order for eviction, with `start` as the oldest live slot.
        var order: [CaseID] = []
        var start = 0
    }

    private let state = Mutex(State())

    func get(_ caseID: CaseID) -> CaseState? {
        state.withLock { $0.states[caseID] }
    }

    func put(_ caseID: CaseID, _ value: CaseState) {
        state.withLock { state in
            if state.states.updateValue(value, forKey: caseID) != nil { return }
            state.order.append(caseID)
            while state.states.count > Self.capacity {
                state.states[state.order[state.start]] = nil
                state.start += 1
            }
            if state.start > Self.capacity {
                state.order.removeFirst(state.start)
                state.start = 0
            }
        }
    }
}
