public import Foundation

/// What an index is asked: the new case's keyed identities and content bands.
public struct DuplicateProbe: Hashable, Sendable {
    /// Keyed hashes of the petitioner's normalised ID number and phone.
    public var identityKeys: [Data]
    /// The content signature's LSH band keys.
    public var bands: [Int64]

    public init(identityKeys: [Data], bands: [Int64]) {
        self.identityKeys = identityKeys
        self.bands = bands
    }
}

/// Where candidate earlier cases come from without scanning every case: a backend's index of
/// keyed identities and content bands (`SQLiteDuplicateIndex` for the embedded store).
public protocol DuplicateCandidateIndex: Sendable {
    /// Cases registered before log position `position` that share an identity key or a band
    /// with the probe, each with its stored signature.
    func matches(for probe: DuplicateProbe, before position: Int64) async throws -> [IndexedCase]
}

/// Duplicate and repeat detection (重复信访) as a question to any index: the earlier cases of
/// the same site (any org: a repeat petition to another department is exactly what it is
/// for) from the same petitioner or with similar content, scored. The embedded store's
/// `SQLiteDuplicateIndexer` asks it of every registration and records the answer on the new
/// case as a `duplicates_suspected` event; an operator then confirms with `.link` or dismisses.
public struct DuplicateDetector: Sendable {
    public let index: any DuplicateCandidateIndex
    public let siteKey: SiteKey

    public init(index: any DuplicateCandidateIndex, siteKey: SiteKey) {
        self.index = index
        self.siteKey = siteKey
    }

    /// The probe for a registration: keyed identities and content bands.
    public func probe(for registration: Registration) -> (DuplicateProbe, ContentSignature) {
        let signature = ContentSignature(subject: registration.subject, content: registration.content)
        let keys = PetitionerIdentity.keys(of: registration.petitioner, siteKey: siteKey)
        return (DuplicateProbe(identityKeys: keys, bands: signature.bands()), signature)
    }

    /// Scored candidates among the cases registered before `position` (the new case's
    /// registration), best first, never the case itself.
    public func candidates(for registration: Registration, caseID: CaseID, before position: Int64) async throws -> [DuplicateCandidate] {
        let (probe, signature) = probe(for: registration)
        guard !probe.identityKeys.isEmpty || !probe.bands.isEmpty else { return [] }
        let matches = try await index.matches(for: probe, before: position)
        return DuplicateScorer.rank(signature, matches: matches, excluding: caseID)
    }
}
