import Foundation
import Synchronization

/// The nonces accepted within the signature window, kept in memory and (when given a file)
/// on disk, so a request replayed after a plugin restart is refused too. A nonce is
/// forgotten once its timestamp is out of the window: the timestamp check refuses it then.
final class NonceLedger: Sendable {
    private struct State {
        var expiries: [String: Int64] = [:]
        var handle: FileHandle?
        var admittedSincePrune = 0
    }

    private let state: Mutex<State>
    private let file: URL?

    /// Prune the table after this many admissions (and on load).
    static let pruneEvery = 1_000

    /// An in-memory ledger, or one kept in `file` (lines `EXPIRY NONCE`).
    init(file: URL? = nil, now: Int64 = Int64(Date().timeIntervalSince1970)) {
        self.file = file
        var initial = State()
        if let file {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let expiry = Int64(parts[0]), expiry >= now else { continue }
                initial.expiries[String(parts[1])] = expiry
            }
            initial.handle = Self.rewrite(file, with: initial.expiries)
        }
        state = Mutex(initial)
    }

    /// Replaces the file with the live nonces (so it does not grow without end) and opens it
    /// for appending.
    private static func rewrite(_ file: URL, with expiries: [String: Int64]) -> FileHandle? {
        let kept = expiries.map { "\($0.value) \($0.key)\n" }.joined()
        try? Data(kept.utf8).write(to: file, options: .atomic)
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let handle = try? FileHandle(forWritingTo: file)
        _ = try? handle?.seekToEnd()
        return handle
    }

    /// True the first time a nonce is seen within the window; false for a replay.
    func admit(_ nonce: String, timestamp: Int64, now: Int64) -> Bool {
        state.withLock { state in
            if let expiry = state.expiries[nonce], expiry >= now { return false }
            state.admittedSincePrune += 1
            if state.admittedSincePrune >= Self.pruneEvery {
                state.expiries = state.expiries.filter { $0.value >= now }
                state.admittedSincePrune = 0
                if let file {
                    try? state.handle?.close()
                    state.handle = Self.rewrite(file, with: state.expiries)
                }
            }
            let expiry = max(timestamp, now) + RequestSignature.windowSeconds
            state.expiries[nonce] = expiry
            if let handle = state.handle {
                try? handle.write(contentsOf: Data("\(expiry) \(nonce)\n".utf8))
                try? handle.synchronize()
            }
            return true
        }
    }

    /// How many nonces are remembered (for tests).
    var count: Int { state.withLock { $0.expiries.count } }
}
