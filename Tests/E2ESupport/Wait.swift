public import Foundation

/// Polls `probe` every 100 ms until it returns a value, or throws after `timeout` seconds
/// (tests run on loaded 2-core machines: give generous timeouts, never sleep-and-hope).
public func waitFor<T>(_ what: String, timeout: TimeInterval, _ probe: () async throws -> T?) async throws -> T {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if let value = try await probe() { return value }
        guard Date() < deadline else { throw E2EError("timed out after \(Int(timeout)) s waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(100))
    }
}
