import Synchronization
import Testing

@testable import Gateway

/// A stream's in-flight bound: the submission past the limit waits for one to finish.
struct StreamSlotsTests {
    @Test(.timeLimit(.minutes(1))) func anAcquirePastTheLimitWaitsForARelease() async {
        let slots = StreamSlots(2)
        await slots.acquire()
        await slots.acquire()
        let third = Mutex(false)
        let waiter = Task {
            await slots.acquire()
            third.withLock { $0 = true }
        }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!third.withLock { $0 }, "a third submission started while two were in flight")
        slots.release()
        await waiter.value
        #expect(third.withLock { $0 })
    }

    @Test(.timeLimit(.minutes(1))) func releasedSlotsCanBeTakenAgain() async {
        let slots = StreamSlots(1)
        for _ in 0..<100 {
            await slots.acquire()
            slots.release()
        }
    }
}
