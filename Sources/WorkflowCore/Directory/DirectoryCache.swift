public import Foundation
import Synchronization

/// What every request reads from the directory (its caller's token and user, the org tree),
/// kept in memory for a short time so each call does not pay database reads for it.
///
/// Writes made through `SQLiteDirectory` drop the cache at once. A change made by another
/// process on the same database (`xinfangd token create` while the daemon serves) is seen
/// within `lifetime`: a revoked or expired token, a disabled user, a new org. An unknown
/// token is never cached, so a new one works at once.
final class DirectoryCache: Sendable {
    /// How long a cached entry is trusted without a read.
    static let lifetime: TimeInterval = 1

    private struct Entry<Value> {
        var value: Value
        var readAt: Date
    }

    private struct State {
        var tokens: [String: Entry<(TokenInfo, User)>] = [:]
        var tree: Entry<OrgHierarchy>?
    }

    /// Most tokens remembered (callers beyond it are read from the database again).
    static let maxTokens = 10_000

    private let state = Mutex(State())

    /// The token and user for a token hash, when read less than `lifetime` before `now`.
    func token(hash: String, at now: Date) -> (TokenInfo, User)? {
        state.withLock { state in
            guard let entry = state.tokens[hash], Self.fresh(entry.readAt, now) else { return nil }
            return entry.value
        }
    }

    func remember(token: (TokenInfo, User), hash: String, at now: Date) {
        state.withLock { state in
            if state.tokens.count >= Self.maxTokens { state.tokens.removeAll(keepingCapacity: true) }
            state.tokens[hash] = Entry(value: token, readAt: now)
        }
    }

    func tree(at now: Date) -> OrgHierarchy? {
        state.withLock { state in
            guard let entry = state.tree, Self.fresh(entry.readAt, now) else { return nil }
            return entry.value
        }
    }

    func remember(tree: OrgHierarchy, at now: Date) {
        state.withLock { $0.tree = Entry(value: tree, readAt: now) }
    }

    /// Forgets everything (after any directory write in this process).
    func invalidate() {
        state.withLock { $0 = State() }
    }

    private static func fresh(_ readAt: Date, _ now: Date) -> Bool {
        now >= readAt && now.timeIntervalSince(readAt) < lifetime
    }
}
