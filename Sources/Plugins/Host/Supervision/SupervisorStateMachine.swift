import Foundation

/// The life of one plugin as a pure state machine: each event (a run ended, a backoff
/// elapsed, an operator asked for a restart) moves the state and returns what the
/// supervisor must do next. No I/O, no clock: time and randomness come in as values.
struct SupervisorStateMachine: Sendable, Hashable {
    enum Action: Sendable, Hashable {
        /// Start the plugin process now.
        case spawn
        /// Wait this long (or for a request), then call ``backoffElapsed(now:)``.
        case backOff(Duration)
        /// Wait for a request.
        case idle
        /// Stop supervising: the host is shutting down.
        case exit
    }

    private(set) var state: PluginState
    private(set) var since: Date
    /// Starts after the first one.
    private(set) var restarts = 0
    /// Failures since the last healthy run (or operator restart).
    private(set) var consecutiveFailures = 0
    private(set) var lastError: String?
    private var started = false
    private var shuttingDown = false
    /// The manifest's `enabled` (it may change when the manifest is read again on a restart).
    private(set) var enabled: Bool
    /// The plugin's restart settings (replaced when its manifest is read again).
    var policy: EffectivePolicy

    /// A plugin whose manifest could not be loaded starts `failed` with the error; a disabled
    /// one starts `disabled`.
    init(policy: EffectivePolicy, enabled: Bool, loadError: String?, now: Date) {
        self.policy = policy
        self.since = now
        self.enabled = enabled
        if let loadError {
            state = .failed
            lastError = loadError
        } else {
            state = enabled ? .starting : .disabled
        }
    }

    /// The supervisor begins: start the plugin, unless it is disabled or failed.
    mutating func begin(now: Date) -> Action {
        guard state == .starting else { return .idle }
        return spawn(now: now)
    }

    /// The handshake completed: the plugin is serving.
    mutating func handshakeCompleted(now: Date) {
        guard state == .starting else { return }
        move(to: .running, now: now)
    }

    /// A run ended after `ranFor`; `jitter` in 0..<1 spreads the restart delay.
    mutating func runEnded(_ end: SessionEnd, ranFor: Duration, jitter: Double, now: Date) -> Action {
        switch end {
        case .stopRequested(.shutdown):
            shuttingDown = true
            move(to: .stopped, now: now)
            return .exit
        case .stopRequested(.restart):
            consecutiveFailures = 0
            guard enabled else {
                move(to: .disabled, now: now)
                return .idle
            }
            return spawn(now: now)
        case .refused:
            // Refusals repeat on every start: only a changed plugin or manifest helps.
            lastError = end.description
            move(to: .failed, now: now)
            return .idle
        default:
            if ranFor >= policy.stableAfter { consecutiveFailures = 0 }
            consecutiveFailures += 1
            lastError = end.description
            guard consecutiveFailures < policy.maxFailures else {
                lastError = "\(end.description) (\(consecutiveFailures) failures in a row; restart it when fixed)"
                move(to: .failed, now: now)
                return .idle
            }
            move(to: .backingOff, now: now)
            return .backOff(Backoff.delay(afterFailures: consecutiveFailures, policy: policy, jitter: jitter))
        }
    }

    /// The restart delay passed.
    mutating func backoffElapsed(now: Date) -> Action {
        guard state == .backingOff, !shuttingDown else { return .idle }
        return spawn(now: now)
    }

    /// A request arrived while no process runs (backing off, failed, stopped, disabled).
    mutating func requested(_ request: SupervisorRequest, now: Date) -> Action {
        switch request {
        case .shutdown:
            shuttingDown = true
            if state != .disabled, state != .failed { move(to: .stopped, now: now) }
            return .exit
        case .restart:
            guard enabled, !shuttingDown else {
                if !enabled { move(to: .disabled, now: now) }
                return .idle
            }
            consecutiveFailures = 0
            return spawn(now: now)
        }
    }

    /// The manifest was read again (on a restart): it may have been enabled or disabled.
    mutating func manifestReloaded(enabled: Bool) {
        self.enabled = enabled
        if enabled, state == .disabled { state = .stopped }
    }

    /// The manifest could not be loaded again on a restart.
    mutating func manifestFailed(_ error: String, now: Date) -> Action {
        lastError = error
        move(to: .failed, now: now)
        return .idle
    }

    private mutating func spawn(now: Date) -> Action {
        if started { restarts += 1 }
        started = true
        move(to: .starting, now: now)
        return .spawn
    }

    private mutating func move(to next: PluginState, now: Date) {
        guard next != state else { return }
        state = next
        since = now
    }
}

/// Restart delays: exponential from the initial delay up to the maximum, with "equal
/// jitter" (half fixed, half random) so plugins that failed together do not restart together.
enum Backoff {
    static func delay(afterFailures failures: Int, policy: EffectivePolicy, jitter: Double) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let base = policy.backoffInitial * (1 << exponent)
        let capped = min(base, policy.backoffMax)
        let unit = min(max(jitter, 0), 1)
        return capped / 2 + (capped / 2) * unit
    }
}
