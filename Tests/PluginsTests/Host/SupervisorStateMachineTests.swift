import Foundation
import Testing

@testable import Plugins

@Suite("Supervisor state machine")
struct SupervisorStateMachineTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static var policy: EffectivePolicy {
        var configuration = PluginHostConfiguration()
        configuration.backoffInitial = .seconds(1)
        configuration.backoffMax = .seconds(8)
        configuration.maxFailures = 3
        configuration.stableAfter = .seconds(60)
        return EffectivePolicy(RestartOverrides(), configuration)
    }

    @Test("failures back off exponentially (with jitter, up to the maximum), then the plugin is failed")
    func backoffThenFailed() {
        var machine = SupervisorStateMachine(policy: Self.policy, enabled: true, loadError: nil, now: Self.now)
        #expect(machine.begin(now: Self.now) == .spawn)
        machine.handshakeCompleted(now: Self.now)
        #expect(machine.state == .running)

        #expect(machine.runEnded(.hung("silent"), ranFor: .seconds(1), jitter: 1, now: Self.now) == .backOff(.seconds(1)))
        #expect(machine.state == .backingOff)
        #expect(machine.backoffElapsed(now: Self.now) == .spawn)
        #expect(machine.runEnded(.exited(.exited(1)), ranFor: .seconds(1), jitter: 0, now: Self.now) == .backOff(.seconds(1)))
        #expect(machine.backoffElapsed(now: Self.now) == .spawn)
        #expect(machine.runEnded(.exited(.signaled(11)), ranFor: .seconds(1), jitter: 0.5, now: Self.now) == .idle)
        #expect(machine.state == .failed)
        #expect(machine.restarts == 2)
        #expect(machine.lastError?.contains("signal 11") == true)
        #expect(machine.lastError?.contains("3 failures in a row") == true)
    }

    @Test("the delay doubles up to the maximum; jitter takes up to half of it away")
    func delays() {
        let policy = Self.policy
        #expect(Backoff.delay(afterFailures: 1, policy: policy, jitter: 1) == .seconds(1))
        #expect(Backoff.delay(afterFailures: 2, policy: policy, jitter: 1) == .seconds(2))
        #expect(Backoff.delay(afterFailures: 3, policy: policy, jitter: 1) == .seconds(4))
        #expect(Backoff.delay(afterFailures: 9, policy: policy, jitter: 1) == .seconds(8))
        #expect(Backoff.delay(afterFailures: 9, policy: policy, jitter: 0) == .seconds(4))
    }

    @Test("a run longer than stable_after forgives earlier failures")
    func stableRunResets() {
        var machine = SupervisorStateMachine(policy: Self.policy, enabled: true, loadError: nil, now: Self.now)
        _ = machine.begin(now: Self.now)
        _ = machine.runEnded(.hung("x"), ranFor: .seconds(1), jitter: 0, now: Self.now)
        _ = machine.backoffElapsed(now: Self.now)
        _ = machine.runEnded(.hung("x"), ranFor: .seconds(1), jitter: 0, now: Self.now)
        _ = machine.backoffElapsed(now: Self.now)
        #expect(machine.runEnded(.hung("x"), ranFor: .seconds(120), jitter: 0, now: Self.now) == .backOff(.milliseconds(500)))
        #expect(machine.consecutiveFailures == 1)
    }

    @Test("a refusal fails the plugin at once; an operator restart starts it again")
    func refusalThenRestart() {
        var machine = SupervisorStateMachine(policy: Self.policy, enabled: true, loadError: nil, now: Self.now)
        _ = machine.begin(now: Self.now)
        #expect(machine.runEnded(.refused(code: "capability_not_granted", reason: "channel `phone`"), ranFor: .zero, jitter: 0, now: Self.now) == .idle)
        #expect(machine.state == .failed)
        #expect(machine.requested(.restart, now: Self.now) == .spawn)
        #expect(machine.state == .starting)
        #expect(machine.restarts == 1)
        #expect(machine.consecutiveFailures == 0)
    }

    @Test("a restart asked while running starts again at once without counting a failure; shutdown stops")
    func requestsWhileRunning() {
        var machine = SupervisorStateMachine(policy: Self.policy, enabled: true, loadError: nil, now: Self.now)
        _ = machine.begin(now: Self.now)
        machine.handshakeCompleted(now: Self.now)
        #expect(machine.runEnded(.stopRequested(.restart), ranFor: .seconds(1), jitter: 0, now: Self.now) == .spawn)
        #expect(machine.consecutiveFailures == 0)
        machine.handshakeCompleted(now: Self.now)
        #expect(machine.runEnded(.stopRequested(.shutdown), ranFor: .seconds(1), jitter: 0, now: Self.now) == .exit)
        #expect(machine.state == .stopped)
    }

    @Test("a disabled plugin and one whose manifest failed are not started")
    func notStarted() {
        var disabled = SupervisorStateMachine(policy: Self.policy, enabled: false, loadError: nil, now: Self.now)
        #expect(disabled.begin(now: Self.now) == .idle)
        #expect(disabled.state == .disabled)
        #expect(disabled.requested(.restart, now: Self.now) == .idle)
        var broken = SupervisorStateMachine(policy: Self.policy, enabled: true, loadError: "manifest: x", now: Self.now)
        #expect(broken.begin(now: Self.now) == .idle)
        #expect(broken.state == .failed)
        #expect(broken.lastError == "manifest: x")
    }

    @Test("a manifest enabled (or disabled) and read again on a restart starts (or stops) the plugin")
    func enabling() {
        var machine = SupervisorStateMachine(policy: Self.policy, enabled: false, loadError: nil, now: Self.now)
        _ = machine.begin(now: Self.now)
        machine.manifestReloaded(enabled: true)
        #expect(machine.requested(.restart, now: Self.now) == .spawn)
        machine.handshakeCompleted(now: Self.now)
        machine.manifestReloaded(enabled: false)
        #expect(machine.runEnded(.stopRequested(.restart), ranFor: .seconds(1), jitter: 0, now: Self.now) == .idle)
        #expect(machine.state == .disabled)
    }
}
