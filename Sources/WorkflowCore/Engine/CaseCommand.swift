public import Foundation

/// What someone asks the engine to do to a case. Imperative; the engine answers with
/// events or a `CaseRejection`.
public enum CaseCommand: Hashable, Sendable {
    /// Register a new case (登记).
    case register(Registration)
    /// Fire a workflow command (`accept`, `transfer`, `reply`, ...) with its fields.
    case act(command: String, fields: [Field])
    /// Add a note to the thread.
    case addNote(text: String)
    /// Record candidate duplicates found at intake.
    case recordDuplicates([DuplicateCandidate])
    /// Confirm a link or merge with another case, or dismiss a candidate.
    case link(kind: String, otherCaseID: CaseID, otherCaseNumber: CaseNumber, reason: String)
    /// Record that the actor read the petitioner's unmasked details.
    case revealPersonalData(reason: String, fields: [String])
    /// A durable timer came due: warn before a deadline or mark it breached.
    case fireTimer(deadlineID: String, kind: TimerKind, dueAt: Date)
}

public enum TimerKind: String, Hashable, Sendable, Codable {
    case warning, breach
}
