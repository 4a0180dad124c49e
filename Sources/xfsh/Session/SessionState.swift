import Synchronization
import WireProtocol

/// What one xfsh session knows and remembers: who is signed in, the open case, the case
/// numbers seen (for completion), and lookups fetched once (orgs, workflows, calendar days).
/// Shared by the command loop, the live-event watcher and the completer, hence the lock.
final class SessionState: Sendable {
    struct Values: Sendable {
        var me: Xinfang_V1_WhoAmIResponse?
        var openCase: Xinfang_V1_Case?
        /// Case numbers seen, most recent first.
        var knownCases: [String] = []
        var orgs: [Xinfang_V1_Org]?
        var workflows: [String: Xinfang_V1_Workflow]?
        /// Working day or not, by "YYYY-MM-DD".
        var workingDays: [String: Bool] = [:]
        /// The last event position seen on the live stream: where a reconnect resumes.
        var lastPosition: UInt64 = 0
    }

    private let values = Mutex(Values())

    static let knownCasesKept = 500

    func read<T>(_ body: (Values) -> T) -> T { values.withLock { body($0) } }
    func update<T>(_ body: (inout Values) -> T) -> T { values.withLock { body(&$0) } }

    var openCase: Xinfang_V1_Case? { read(\.openCase) }
    var openCaseNumber: String? { read { $0.openCase?.summary.caseNumber } }

    /// Remembers case numbers for completion, newest first.
    func remember(_ numbers: [String]) {
        update { values in
            let fresh = numbers.filter { !$0.isEmpty }
            guard !fresh.isEmpty else { return }
            var seen = Set(fresh)
            var merged = fresh.filter { seen.remove($0) != nil }
            merged += values.knownCases.filter { !fresh.contains($0) }
            values.knownCases = Array(merged.prefix(Self.knownCasesKept))
        }
    }
}
