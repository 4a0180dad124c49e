import Testing

@testable import Plugins

@Suite("Liveness")
struct LivenessTests {
    @Test("no Hello within the handshake timeout is a hang")
    func noHello() {
        let start = ContinuousClock.now
        var liveness = Liveness(started: start, interval: .seconds(1), handshakeTimeout: .seconds(10))
        #expect(liveness.check(now: start + .seconds(9)) == .fine)
        #expect(liveness.check(now: start + .seconds(11)) == .hung("sent no Hello within 10000 ms"))
    }

    @Test("a probe is sent each interval; an answer within twice the interval keeps it alive, none is a hang")
    func probes() {
        let start = ContinuousClock.now
        var liveness = Liveness(started: start, interval: .seconds(1), handshakeTimeout: .seconds(10))
        liveness.handshakeCompleted(now: start)
        #expect(liveness.check(now: start + .milliseconds(500)) == .fine)
        #expect(liveness.check(now: start + .seconds(1)) == .probe(1))
        #expect(liveness.received(sequence: 99, now: start + .seconds(1)) == false)  // the plugin's own probe
        #expect(liveness.received(sequence: 1, now: start + .milliseconds(1500)) == true)
        #expect(liveness.check(now: start + .milliseconds(2500)) == .probe(2))
        #expect(liveness.check(now: start + .milliseconds(4000)) == .fine)
        #expect(liveness.check(now: start + .milliseconds(4600)) == .hung("did not answer a heartbeat within 2000 ms"))
    }
}
