import Foundation
import Synchronization

/// Standard output, written whole under one lock: command output, live events and the line
/// editor's redraws never interleave mid-line.
final class Terminal: Sendable {
    static let shared = Terminal()
    private let lock = Mutex(())

    func write(_ text: String) {
        lock.withLock { _ in Self.writeAll(STDOUT_FILENO, text) }
    }

    /// Runs `body` while no one else writes (the line editor's "print above the prompt").
    func exclusively<T>(_ body: () -> T) -> T {
        lock.withLock { _ in body() }
    }

    static func writeAll(_ descriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
