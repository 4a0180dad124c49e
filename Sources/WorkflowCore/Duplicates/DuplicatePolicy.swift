public import Foundation

/// The figures duplicate detection decides by, in one place (measured by
/// `xinfang-bench duplicates`; see docs/duplicates.md).
public enum DuplicatePolicy {
    /// Most candidates recorded on a new case, best first.
    public static let maxCandidates = 5
    /// Estimated Jaccard similarity of the shingle sets at or above which content counts as
    /// similar (`similar_content`).
    public static let similarContentThreshold = 0.30
    /// The score of a shared petitioner identity alone (a repeat petitioner, perhaps on
    /// another matter). Content raises it: score = 1 - (1 - this) * (1 - content), where
    /// content = min(1, similarity / (2 * similarContentThreshold)): similarity at the
    /// threshold is an even chance, twice the threshold a certainty. So the same person on the
    /// same matter ranks first, then similar content, then the same person on another matter.
    public static let samePetitionerScore = 0.4
    /// Earlier cases of one identity looked at, newest first (a frequent petitioner has many).
    public static let maxIdentityMatches = 200
    /// Cases read from one LSH band bucket, newest first: bounds the cost of a bucket that
    /// boilerplate made large.
    public static let maxBandBucket = 500
    /// Cases sharing bands whose signatures are compared, those sharing most bands first.
    public static let maxContentMatches = 100
}

/// Why a case was suggested.
public enum DuplicateReason {
    /// The ID number or phone matched (on keyed hashes).
    public static let samePetitioner = "same_petitioner"
    /// The subject and content are similar.
    public static let similarContent = "similar_content"
}

/// An earlier case the index returned for a probe, with what it shares.
public struct IndexedCase: Hashable, Sendable {
    public var key: CaseKey
    /// The log position of its registration (earlier cases have lower positions).
    public var position: Int64
    /// It shares a keyed petitioner identity with the probe.
    public var sharedIdentity: Bool
    /// Its stored content signature (`ContentSignature.stored`).
    public var signature: Data

    public init(key: CaseKey, position: Int64, sharedIdentity: Bool, signature: Data) {
        self.key = key
        self.position = position
        self.sharedIdentity = sharedIdentity
        self.signature = signature
    }
}

/// Turns index matches into scored candidates. Pure, so the rules are testable as tables.
public enum DuplicateScorer {
    /// Candidates among `matches`: a shared identity or similar content, scored, best first
    /// (newer first among equal scores), at most `DuplicatePolicy.maxCandidates`, never
    /// `excluding` itself.
    public static func rank(_ signature: ContentSignature, matches: [IndexedCase], excluding caseID: CaseID) -> [DuplicateCandidate] {
        var scored: [(candidate: DuplicateCandidate, position: Int64)] = []
        for match in matches where match.key.caseID != caseID {
            let similarity = signature.similarity(toStored: match.signature)
            var reasons: [String] = []
            if match.sharedIdentity { reasons.append(DuplicateReason.samePetitioner) }
            if similarity >= DuplicatePolicy.similarContentThreshold { reasons.append(DuplicateReason.similarContent) }
            guard !reasons.isEmpty else { continue }
            let identity = match.sharedIdentity ? DuplicatePolicy.samePetitionerScore : 0
            let content = min(1, similarity / (2 * DuplicatePolicy.similarContentThreshold))
            let score = 1 - (1 - identity) * (1 - content)
            scored.append((
                DuplicateCandidate(
                    caseID: match.key.caseID, caseNumber: match.key.caseNumber, score: (score * 1000).rounded() / 1000,
                    reasons: reasons),
                match.position
            ))
        }
        scored.sort { ($0.candidate.score, $0.position) > ($1.candidate.score, $1.position) }
        var seen = Set<CaseID>()
        var best: [DuplicateCandidate] = []
        for (candidate, _) in scored where best.count < DuplicatePolicy.maxCandidates && seen.insert(candidate.caseID).inserted {
            best.append(candidate)
        }
        return best
    }
}
