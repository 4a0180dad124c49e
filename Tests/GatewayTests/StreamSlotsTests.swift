import Synchronization
import Testing

@testable import Gateway

/// A stream's in-flight bound: the submission past the limit waits for one to finish, and
/// stops waiting when the stream fails.
struct StreamSlotsTests {
    @Test(.timeLimit(.minutes(1))) func anAcquirePastTheLimitWaitsForARelease() async {
        let slots = StreamSlots(2)
        #expect(await slots.acquire())
        #expect(await slots.acquire())
        let third = Mutex(false)
        let waiter = Task {
            let granted = await slots.acquire()
            third.withLock { $0 = granted }
        }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!third.withLock { $0 }, "a third submission started while two were in flight")
        slots.release()
        await waiter.value
        #expect(third.withLock { $0 })
    }

    @Test(.timeLimit(.minutes(1))) func aWaitingAcquireGivesUpWhenItsTaskIsCancelled() async {
        let slots = StreamSlots(1)
        #expect(await slots.acquire())
        let waiter = Task { await slots.acquire() }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value == false)
        // The slot it did not get is still there for the next one.
        slots.release()
        #expect(await slots.acquire())
    }

    @Test(.timeLimit(.minutes(1))) func releasedSlotsCanBeTakenAgain() async {
        let slots = StreamSlots(1)
        for _ in 0..<100 {
            #expect(await slots.acquire())
            slots.release()
        }
    }
}
