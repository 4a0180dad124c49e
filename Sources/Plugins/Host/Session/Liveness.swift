/// Whether a plugin is alive, as a pure state: it must send Hello within the handshake
/// timeout, and answer each heartbeat probe within twice the interval. The session's
/// watcher calls ``check(now:)`` on every tick and does what it says.
struct Liveness: Sendable {
    enum Decision: Sendable, Equatable {
        case fine
        /// Send a probe with this sequence number.
        case probe(UInt64)
        case hung(String)
    }

    let started: ContinuousClock.Instant
    let interval: Duration
    let handshakeTimeout: Duration
    private(set) var welcomed = false
    private var outstanding: (sequence: UInt64, sentAt: ContinuousClock.Instant)?
    private var lastAnswer: ContinuousClock.Instant
    private var nextSequence: UInt64 = 1

    init(started: ContinuousClock.Instant, interval: Duration, handshakeTimeout: Duration) {
        self.started = started
        self.interval = interval
        self.handshakeTimeout = handshakeTimeout
        self.lastAnswer = started
    }

    mutating func handshakeCompleted(now: ContinuousClock.Instant) {
        welcomed = true
        lastAnswer = now
    }

    /// A heartbeat arrived; true when it answers the outstanding probe (else it is the
    /// plugin's own probe, to be echoed).
    mutating func received(sequence: UInt64, now: ContinuousClock.Instant) -> Bool {
        guard let probe = outstanding, probe.sequence == sequence else { return false }
        outstanding = nil
        lastAnswer = now
        return true
    }

    mutating func check(now: ContinuousClock.Instant) -> Decision {
        guard welcomed else {
            return now - started > handshakeTimeout ? .hung("sent no Hello within \(milliseconds(handshakeTimeout)) ms") : .fine
        }
        if let probe = outstanding {
            let limit = interval * 2
            return now - probe.sentAt > limit ? .hung("did not answer a heartbeat within \(milliseconds(limit)) ms") : .fine
        }
        guard now - lastAnswer >= interval else { return .fine }
        let sequence = nextSequence
        nextSequence += 1
        outstanding = (sequence, now)
        return .probe(sequence)
    }

    private func milliseconds(_ duration: Duration) -> Int64 { Handshake.milliseconds(duration) }
}
