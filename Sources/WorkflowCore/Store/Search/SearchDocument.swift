/// The searchable text of one case, as its events make it: the registration's subject and
/// content, and a thread of note texts and free-text transition fields, one entry per line;
/// and the orgs it has been with (from the `case_orgs` projection), for scoped queries.
struct SearchDocument: Hashable, Sendable {
    /// Transition fields written by people in sentences. Enumerations (`decision`,
    /// `satisfaction`), dates and org ids are not text to search.
    static let threadFields: Set<String> = [
        "reason", "reply", "opinion", "notice", "result", "instruction", "check_note", "hearing",
    ]

    var subject = ""
    var content = ""
    var thread = ""
    /// Sorted, each once.
    var orgs: [String] = []

    /// Folds one event in (events without searchable text change nothing).
    mutating func apply(_ payload: EventPayload) {
        switch payload {
        case .registered(let registration):
            subject = registration.subject
            content = registration.content
        case .noteAdded(let text):
            appendToThread(text)
        case .transitioned(let record):
            for field in record.fields where Self.threadFields.contains(field.name) { appendToThread(field.value) }
        case .deadline, .duplicatesSuspected, .linked, .personalDataRevealed:
            break
        }
    }

    /// Line breaks inside an entry become spaces: a line is an entry.
    private mutating func appendToThread(_ text: String) {
        let entry = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        thread += thread.isEmpty ? entry : "\n" + entry
    }

    var trigramBody: String { SearchText.trigramBody(subject: subject, content: content, thread: thread) }
    var shortTokens: String { SearchText.shortTokens(subject: subject, content: content, thread: thread, orgs: orgs) }
}
