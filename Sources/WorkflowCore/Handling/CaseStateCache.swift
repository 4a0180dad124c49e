import Synchronization

/// The folded state of recently handled cases, so a command reads only the events appended
/// since (usually none) instead of a case's whole history. Never the truth: the store's
/// expected-version check decides every append (see `CaseCommandHandler`), so a stale entry
/// costs a retry, never a wrong decision.
///
/// Bounded by count and by an estimate of the bytes held: a typical case is a few KiB, but a
/// petition may carry 20,000 characters of content and 32 attributes of 1,000.
final class CaseStateCache: Sendable {
    /// Cases remembered at most.
    static let capacity = 4_096
    /// Estimated bytes held at most (the oldest entries go first beyond either bound).
    static let byteBudget = 32 << 20

    private struct State {
        var states: [CaseID: (state: CaseState, bytes: Int)] = [:]
        var bytes = 0
        /// Insertion order for eviction, with `start` as the oldest slot still in use.
        var order: [CaseID] = []
        var start = 0
    }

    private let state = Mutex(State())

    func get(_ caseID: CaseID) -> CaseState? {
        state.withLock { $0.states[caseID]?.state }
    }

    func put(_ caseID: CaseID, _ value: CaseState) {
        let bytes = Self.estimatedBytes(value)
        state.withLock { state in
            if let old = state.states.updateValue((value, bytes), forKey: caseID) {
                state.bytes += bytes - old.bytes
            } else {
                state.bytes += bytes
                state.order.append(caseID)
            }
            while state.states.count > Self.capacity || (state.bytes > Self.byteBudget && state.states.count > 1) {
                let oldest = state.order[state.start]
                state.start += 1
                if let removed = state.states.removeValue(forKey: oldest) { state.bytes -= removed.bytes }
            }
            if state.start > Self.capacity {
                state.order.removeFirst(state.start)
                state.start = 0
            }
        }
    }

    /// Cases remembered and their estimated bytes (for tests and metrics).
    var usage: (cases: Int, bytes: Int) { state.withLock { ($0.states.count, $0.bytes) } }

    /// The text a state carries, in UTF-8 bytes, plus a fixed allowance for the rest.
    static func estimatedBytes(_ state: CaseState) -> Int {
        let registration = state.registration
        let text = registration.subject.utf8.count + registration.content.utf8.count
            + state.attributes.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
            + registration.attributes.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
        return text + 2_048
    }
}
