import Testing

@testable import WorkflowCore

/// Derived indexes yield to acknowledgements: small batches and a rest while intake is busy,
/// full batches without rest otherwise.
struct DerivedIndexPacingTests {
    @Test(arguments: [
        (acknowledged: 0, busy: false, batch: 256, rest: 0),
        (acknowledged: DerivedIndexPacing.busyWrites - 1, busy: false, batch: 256, rest: 0),
        (acknowledged: DerivedIndexPacing.busyWrites, busy: true, batch: DerivedIndexPacing.busyBatchSize, rest: 7),
        (acknowledged: 500, busy: true, batch: DerivedIndexPacing.busyBatchSize, rest: 7),
    ])
    func aBatchDuringIntakeIsFollowedByAsLongARest(acknowledged: Int, busy: Bool, batch: Int, rest: Int) {
        var pacing = DerivedIndexPacing(idleBatchSize: 256)
        #expect(pacing.batchSize == 256 && pacing.rest == .zero)
        pacing.worked(.milliseconds(7), acknowledged: acknowledged)
        #expect(pacing.busy == busy)
        #expect(pacing.batchSize == batch)
        #expect(pacing.rest == .milliseconds(rest))
        pacing.caughtUp()
        #expect(pacing.batchSize == 256 && pacing.rest == .zero)
    }

    @Test func aSmallIdleBatchIsNotEnlargedUnderLoad() {
        var pacing = DerivedIndexPacing(idleBatchSize: 8)
        pacing.worked(.milliseconds(1), acknowledged: 100)
        #expect(pacing.batchSize == 8)
    }
}
