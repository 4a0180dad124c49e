import Foundation
import Testing

@testable import WorkflowCore

/// A note must say something: blank text in any script's spacing is refused, naming the field.
struct NoteTextTests {
    @Test(arguments: ["", " ", "\n\t", "\u{3000}\u{3000}", "\u{00A0}", " \u{2028} "])
    func blankNotesAreRefused(text: String) throws {
        let state = try #require(try CaseSpec(registration(workflow: "xinfang", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00").state)
        #expect(throws: CaseRejection.invalidField(field: "note.text", problem: "is required", limit: nil)) {
            try shippedDecider.decide(.addNote(text: text), state: state, actor: Staff.receptionist, now: at("2025-03-03 10:00"))
        }
    }

    @Test(arguments: ["好", " 已电话回访 ", "\u{3000}来电人补充材料"])
    func notesWithTextAreRecorded(text: String) throws {
        let state = try #require(try CaseSpec(registration(workflow: "xinfang", receivedAt: "2025-03-03 09:00"), at: "2025-03-03 09:00").state)
        let events = try shippedDecider.decide(.addNote(text: text), state: state, actor: Staff.receptionist, now: at("2025-03-03 10:00"))
        #expect(events.map(\.type) == ["note_added"])
    }
}
