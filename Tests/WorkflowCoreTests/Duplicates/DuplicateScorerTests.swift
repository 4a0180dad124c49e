import Foundation
import Testing

@testable import WorkflowCore

struct DuplicateScorerTests {
    static let probe = ContentSignature(subject: DuplicateTexts.noise.subject, content: DuplicateTexts.noise.content)
    static let similar = ContentSignature(
        subject: DuplicateTexts.noiseReworded.subject, content: DuplicateTexts.noiseReworded.content
    ).stored
    static let unrelated = ContentSignature(subject: DuplicateTexts.road.subject, content: DuplicateTexts.road.content).stored

    static func match(_ serial: Int, identity: Bool, _ signature: Data) -> IndexedCase {
        IndexedCase(
            key: CaseKey(caseID: CaseID(rawValue: "c\(serial)"), caseNumber: CaseNumber(year: 2026, serial: serial)),
            position: Int64(serial), sharedIdentity: identity, signature: signature)
    }

    @Test(arguments: [
        // identity, signature, reasons, score range
        (true, unrelated, ["same_petitioner"], DuplicatePolicy.samePetitionerScore...0.49),
        (false, similar, ["similar_content"], 0.5...1.0),
        (true, similar, ["same_petitioner", "similar_content"], 0.7...1.0),
        (false, unrelated, [], 0.0...0.0),
    ])
    func reasonsAndScores(identity: Bool, signature: Data, reasons: [String], score: ClosedRange<Double>) {
        let found = DuplicateScorer.rank(Self.probe, matches: [Self.match(1, identity: identity, signature)], excluding: CaseID(rawValue: "new"))
        #expect(found.first?.reasons ?? [] == reasons)
        if let candidate = found.first {
            #expect(score.contains(candidate.score))
        } else {
            #expect(reasons.isEmpty)
        }
    }

    @Test func bestFirstAtMostTheLimitNeverItself() {
        var matches = (1...8).map { Self.match($0, identity: true, Self.unrelated) }
        matches.append(Self.match(9, identity: true, Self.similar))
        matches.append(Self.match(10, identity: false, Self.similar))
        matches.append(Self.match(11, identity: true, Self.probe.stored))  // the case itself
        let found = DuplicateScorer.rank(Self.probe, matches: matches, excluding: CaseID(rawValue: "c11"))
        #expect(found.count == DuplicatePolicy.maxCandidates)
        // Same person and matter, then similar content, then the same person (newest first).
        #expect(found.map(\.caseNumber.serial) == [9, 10, 8, 7, 6])
        #expect(!found.contains { $0.caseID.rawValue == "c11" })
        #expect(found == found.sorted { $0.score > $1.score })
    }
}
