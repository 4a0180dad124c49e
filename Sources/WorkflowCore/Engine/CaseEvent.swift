public import Foundation

/// One fact about a case, as the engine decides it. Appended, never changed.
public struct CaseEvent: Hashable, Sendable, Codable {
    /// Event type id, past tense: `registered`, `accepted`, `note_added`, ...
    /// Transition events take their type from the workflow (`emits`).
    public var type: String
    public var actor: Actor
    public var at: Date
    public var payload: EventPayload

    public init(type: String, actor: Actor, at: Date, payload: EventPayload) {
        self.type = type
        self.actor = actor
        self.at = at
        self.payload = payload
    }
}

/// A case event as stored: with its place in the case and in the global log.
public struct RecordedEvent: Hashable, Sendable {
    /// Global, gap-free-per-commit position in the event log (the watch cursor).
    public var position: Int64
    public var caseID: CaseID
    public var caseNumber: CaseNumber
    /// 1-based place within the case.
    public var version: Int
    public var event: CaseEvent

    public init(position: Int64, caseID: CaseID, caseNumber: CaseNumber, version: Int, event: CaseEvent) {
        self.position = position
        self.caseID = caseID
        self.caseNumber = caseNumber
        self.version = version
        self.event = event
    }
}
