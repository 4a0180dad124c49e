/// The searchable text of one case, as its events make it: the registration's subject and
/// content, and a thread of note texts and free-text transition fields, one entry per line.
struct SearchDocument: Hashable, Sendable {
    /// Transition fields written by people in sentences. Enumerations (`decision`,
    /// `satisfaction`), dates and org ids are not text to search.
    static let threadFields: Set<String> = [
        "reason", "reply", "opinion", "notice", "result", "instruction", "check_note", "hearing",
    ]

    var subject = ""
    var content = ""
    var thread = ""

    /// Folds one event in; false when the event adds no searchable text.
    mutating func apply(_ payload: EventPayload) -> Bool {
        switch payload {
        case .registered(let registration):
            subject = registration.subject
            content = registration.content
            return true
        case .noteAdded(let text):
            return appendToThread(text)
        case .transitioned(let record):
            var changed = false
            for field in record.fields where Self.threadFields.contains(field.name) {
                changed = appendToThread(field.value) || changed
            }
            return changed
        case .deadline, .duplicatesSuspected, .linked, .personalDataRevealed:
            return false
        }
    }

    /// Line breaks inside an entry become spaces: a line is an entry.
    private mutating func appendToThread(_ text: String) -> Bool {
        let entry = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard !entry.allSatisfy(\.isWhitespace) else { return false }
        thread += thread.isEmpty ? entry : "\n" + entry
        return true
    }

    var trigramBody: String { SearchText.trigramBody(subject: subject, content: content, thread: thread) }
    var shortTokens: String { SearchText.shortTokens(subject: subject, content: content, thread: thread) }
}
