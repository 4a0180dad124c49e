import Foundation
import Testing

@testable import WorkflowCore

/// A small valid workflow; each bad-file test breaks it in one way.
let miniWorkflowYAML = """
    id: mini
    label: 小流程
    initial_state: open
    states:
      - { id: open, label: 待办 }
      - { id: done, label: 办结, terminal: true }
    transitions:
      - { command: finish, label: 办结, from: [open], to: done, roles: [handler], emits: finished, emits_label: 已办结 }
    deadlines:
      - { id: limit, label: 时限, starts_on: [registered], stops_on: [finished], amount: 5, unit: working_days }
    """

@Suite("Workflow files: the shipped three load, bad files are refused with their own message")
struct WorkflowLoaderTests {
    @Test("the shipped workflows load from the bundle and validate")
    func shippedWorkflowsLoad() throws {
        let catalog = try WorkflowLoader.loadBundled()
        #expect(catalog.ids == ["grid", "hotline12345", "xinfang"])
        let xinfang = try #require(catalog["xinfang"])
        #expect(xinfang.initialState == "registered")
        #expect(xinfang.deadline("handling")?.amount == 60)
        #expect(xinfang.deadline("handling")?.unit == .calendarDays)
        #expect(xinfang.deadline("handling")?.unitFromSetting == true)
        #expect(xinfang.resolvedSettings.finalReviewEvent == "reexamination_decided")
        let hotline = try #require(catalog["hotline12345"])
        #expect(hotline.deadline("unit")?.terms(classValue: "urgent").unit == .hours)
        #expect(hotline.deadline("unit")?.terms(classValue: "ordinary").unit == .workingDays)
        let grid = try #require(catalog["grid"])
        #expect(grid.deadline("disposal")?.terms(classValue: "sanitation").unit == .workingHours)
    }

    @Test("the minimal file is valid")
    func miniIsValid() throws {
        let workflow = try WorkflowLoader.parse(yaml: miniWorkflowYAML, file: "mini.yaml")
        #expect(workflow.id == "mini")
        #expect(workflow.deadline("limit")?.countsFromNextDay == true)
    }

    struct BadFile: CustomTestStringConvertible, Sendable {
        let name: String
        let replace: String
        let with: String
        let code: WorkflowLoadError.Code
        let field: String
        let message: String
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(
            name: "transition to a missing state", replace: "to: done", with: "to: dnoe", code: .missingState,
            field: "transitions[0].to", message: "state `dnoe` does not exist"),
        BadFile(
            name: "unreachable state", replace: "  - { id: done, label: 办结, terminal: true }",
            with: "  - { id: done, label: 办结, terminal: true }\n  - { id: limbo, label: 悬置, terminal: true }",
            code: .unreachableState, field: "states[2]", message: "state `limbo` (悬置) cannot be reached from `open`"),
        BadFile(
            name: "non-terminal state with no way out",
            replace: "  - { id: done, label: 办结, terminal: true }\ntransitions:\n",
            with: "  - { id: done, label: 办结, terminal: true }\n  - { id: waiting, label: 等待 }\ntransitions:\n"
                + "  - { command: wait, label: 等待, from: [open], to: waiting, roles: [handler], emits: waited, emits_label: 等待中 }\n",
            code: .deadEnd, field: "states[2]", message: "state `waiting` (等待) is not terminal but no transition leads out of it"),
        BadFile(
            name: "deadline with no clock", replace: "starts_on: [registered]", with: "starts_on: []",
            code: .incompleteDeadline, field: "deadlines[0].starts_on", message: "deadline `limit` has no clock"),
        BadFile(
            name: "deadline with no unit", replace: ", unit: working_days", with: "", code: .incompleteDeadline,
            field: "deadlines[0].unit", message: "the deadline has no unit"),
        BadFile(
            name: "duplicate state id", replace: "{ id: done, label: 办结, terminal: true }",
            with: "{ id: open, label: 办结, terminal: true }", code: .duplicateID, field: "states[1].id",
            message: "state `open` is defined twice"),
        BadFile(
            name: "role nobody has", replace: "roles: [handler]", with: "roles: [clerk]", code: .unknownRole,
            field: "transitions[0].roles[0]", message: "role `clerk` is not a role anyone can hold"),
        BadFile(
            name: "unknown key", replace: "stops_on: [finished]", with: "stops_in: [finished]", code: .unknownKey,
            field: "deadlines[0].stops_in", message: "unknown key `stops_in`"),
    ]

    @Test("each kind of bad file has its own code and message", arguments: badFiles)
    func badFile(_ bad: BadFile) throws {
        let text = miniWorkflowYAML.replacingOccurrences(of: bad.replace, with: bad.with)
        #expect(text != miniWorkflowYAML, "the test's replacement did not apply")
        let error = #expect(throws: WorkflowLoadError.self) {
            try WorkflowLoader.parse(yaml: text, file: "mini.yaml")
        }
        let caught = try #require(error)
        #expect(caught.code == bad.code)
        #expect(caught.file == "mini.yaml")
        #expect(caught.workflow == "mini")
        #expect(caught.field == bad.field)
        #expect(caught.problem.contains(bad.message), "\(caught)")
        #expect(caught.description.hasPrefix("mini.yaml:"), "the message names the file: \(caught)")
        #expect(caught.description.contains("workflow `mini`"))
        #expect(caught.description.contains(bad.field))
    }

    @Test("the six required kinds (plus unknown keys) give six distinct messages")
    func kindsAreDistinct() throws {
        var messages: Set<String> = []
        for bad in Self.badFiles {
            let text = miniWorkflowYAML.replacingOccurrences(of: bad.replace, with: bad.with)
            do {
                _ = try WorkflowLoader.parse(yaml: text, file: "mini.yaml")
            } catch {
                messages.insert(error.description)
            }
        }
        #expect(messages.count == Self.badFiles.count)
    }

    @Test("duplicate command from the same state and duplicate deadline ids are refused")
    func duplicateTransitionAndDeadline() throws {
        let twice = miniWorkflowYAML.replacingOccurrences(
            of: "transitions:\n",
            with: "transitions:\n  - { command: finish, label: 又办结, from: [open], to: done, roles: [handler], emits: finished2, emits_label: 又 }\n")
        let error = try #require(#expect(throws: WorkflowLoadError.self) { try WorkflowLoader.parse(yaml: twice, file: "d.yaml") })
        #expect(error.code == .duplicateID)
        #expect(error.problem.contains("command `finish` from `open` is already defined"))

        let deadlines = miniWorkflowYAML + "\n  - { id: limit, label: 又, starts_on: [registered], amount: 1, unit: hours }"
        let second = try #require(#expect(throws: WorkflowLoadError.self) { try WorkflowLoader.parse(yaml: deadlines, file: "d.yaml") })
        #expect(second.code == .duplicateID)
        #expect(second.field == "deadlines[1].id")
    }

    @Test("a deadline starting on an event nothing emits has no clock")
    func startsOnUnknownEvent() throws {
        let text = miniWorkflowYAML.replacingOccurrences(of: "starts_on: [registered]", with: "starts_on: [acepted]")
        let error = try #require(#expect(throws: WorkflowLoadError.self) { try WorkflowLoader.parse(yaml: text, file: "m.yaml") })
        #expect(error.code == .incompleteDeadline)
        #expect(error.problem.contains("`acepted` is not emitted by any transition"))
    }

    @Test("errors carry the line of the offending item")
    func lineNumbers() throws {
        let text = miniWorkflowYAML.replacingOccurrences(of: "to: done", with: "to: dnoe")
        let error = try #require(#expect(throws: WorkflowLoadError.self) { try WorkflowLoader.parse(yaml: text, file: "m.yaml") })
        #expect(error.line == 8)
        #expect(error.description.hasPrefix("m.yaml:8: workflow `mini`: transitions[0].to:"))
    }

    @Test("loading is all or nothing: one bad file and no catalog")
    func allOrNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try miniWorkflowYAML.write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        #expect(try WorkflowLoader.load(directory: directory).ids == ["mini"])
        let bad = miniWorkflowYAML.replacingOccurrences(of: "id: mini", with: "id: other")
            .replacingOccurrences(of: "roles: [handler]", with: "roles: [clerk]")
        try bad.write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(#expect(throws: WorkflowLoadError.self) { try WorkflowLoader.load(directory: directory) })
        #expect(error.file.hasSuffix("b.yaml"))
        #expect(error.code == .unknownRole)
    }

    @Test("two files with the same workflow id are refused")
    func duplicateWorkflowID() throws {
        let error = try #require(
            #expect(throws: WorkflowLoadError.self) {
                try WorkflowLoader.catalog([("a.yaml", miniWorkflowYAML), ("b.yaml", miniWorkflowYAML)])
            })
        #expect(error.code == .duplicateID)
        #expect(error.problem.contains("already defined in a.yaml"))
    }

    @Test("settings are checked: an unknown setting and a bad value name the key")
    func settingsChecked() throws {
        let unknown = miniWorkflowYAML.replacingOccurrences(of: "initial_state: open", with: "initial_state: open\nsettings:\n  weekends_count: \"true\"")
        let first = try #require(#expect(throws: WorkflowLoadError.self) { try WorkflowLoader.parse(yaml: unknown, file: "s.yaml") })
        #expect(first.code == .unknownKey)
        let badValue = miniWorkflowYAML.replacingOccurrences(of: "initial_state: open", with: "initial_state: open\nsettings:\n  days_mean: hours")
        let second = try #require(#expect(throws: WorkflowLoadError.self) { try WorkflowLoader.parse(yaml: badValue, file: "s.yaml") })
        #expect(second.code == .invalidValue)
        #expect(second.field == "settings.days_mean")
    }

    @Test("`unit: days` follows the workflow's days_mean setting")
    func daysMeanSetting() throws {
        let text = miniWorkflowYAML.replacingOccurrences(of: "unit: working_days", with: "unit: days")
        #expect(try WorkflowLoader.parse(yaml: text, file: "m.yaml").deadline("limit")?.unit == .calendarDays)
        let working = text.replacingOccurrences(of: "initial_state: open", with: "initial_state: open\nsettings:\n  days_mean: working_days")
        let rule = try WorkflowLoader.parse(yaml: working, file: "m.yaml").deadline("limit")
        #expect(rule?.unit == .workingDays)
        #expect(rule?.unitFromSetting == true)
    }
}
