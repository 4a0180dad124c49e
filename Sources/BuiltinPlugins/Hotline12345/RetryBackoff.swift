/// Exponential backoff with jitter for callbacks: the n-th retry waits a random time
/// between half and all of `initial × 2^(n−1)`, capped at `maximum`.
struct RetryBackoff: Sendable {
    var initial: Duration
    var maximum: Duration

    /// The delay ceiling before retry `attempt` (1-based).
    func ceiling(attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 40)
        let initialMs = Self.milliseconds(initial)
        let maximumMs = Self.milliseconds(maximum)
        let scaled = initialMs > maximumMs >> doublings ? maximumMs : initialMs << doublings
        return .milliseconds(min(scaled, maximumMs))
    }

    /// The jittered delay before retry `attempt`; `unit` in [0, 1) picks within the range.
    func delay(attempt: Int, unit: Double = Double.random(in: 0..<1)) -> Duration {
        let top = Self.milliseconds(ceiling(attempt: attempt))
        let half = top / 2
        return .milliseconds(half + Int64(Double(top - half) * min(max(unit, 0), 1)))
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
