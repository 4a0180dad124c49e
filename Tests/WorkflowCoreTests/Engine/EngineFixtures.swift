import Foundation
import Testing

@testable import WorkflowCore

/// The engine over the shipped workflows and calendar, as the daemon builds it.
let shippedDecider: CaseDecider = {
    do {
        return CaseDecider(catalog: try WorkflowLoader.loadBundled(), calendar: try WorkingCalendar.bundled())
    } catch {
        fatalError("shipped workflows or calendar do not load: \(error)")
    }
}()

/// China Standard Time, as the engine is configured.
let beijing = 8 * 3600

/// "2025-01-20 09:30" in Beijing time.
func at(_ text: String) -> Date {
    let parts = text.split(separator: " ")
    let date = CivilDate(String(parts[0]))!
    let clock = parts.count > 1 ? parts[1].split(separator: ":").map { Int($0)! } : [9, 0]
    return date.instant(hour: clock[0], minute: clock[1], utcOffsetSeconds: beijing)
}

/// The last day a clock counts, in Beijing.
func day(_ instant: Date?) -> String {
    guard let instant else { return "none" }
    return CivilDate(instant: instant.addingTimeInterval(-1), utcOffsetSeconds: beijing).description
}

enum Staff {
    static let receptionist = Actor(id: "u-reception", displayName: "接待员甲", role: .receptionist, orgID: "org-xfj")
    static let handler = Actor(id: "u-handler", displayName: "承办人乙", role: .handler, orgID: "org-zjj")
    static let supervisor = Actor(id: "u-supervisor", displayName: "督办员丙", role: .supervisor, orgID: "org-xfj")
    static let leader = Actor(id: "u-leader", displayName: "局长丁", role: .leader, orgID: "org-zjj")
    static let service = Actor(id: "u-12345", displayName: "12345平台", role: .service, orgID: "org-12345")
}

func registration(
    workflow: String, matterClass: String = "", receivedAt: String, attributes: [Field] = [],
    accusedOrg: String = ""
) -> Registration {
    Registration(
        idempotencyKey: "key-\(workflow)-\(receivedAt)", channel: workflow == "grid" ? .grid : .letter,
        workflow: workflow, subject: "小区道路破损", content: "小区门口道路破损多时，请求修复。",
        petitioner: Petitioner(name: "张三", phone: "13800000000"), matterClass: matterClass,
        accused: Accused(orgID: accusedOrg), orgID: "org-xfj", receivedAt: at(receivedAt), attributes: attributes)
}

/// Given events (produced by the engine itself), when a command, then events or a rejection.
/// State is only ever rebuilt by folding the events.
struct CaseSpec {
    var decider = shippedDecider
    private(set) var events: [CaseEvent] = []

    var state: CaseState? { decider.fold(events) }

    init(_ registration: Registration, by actor: Actor = Staff.receptionist, at time: String) throws {
        try run(.register(registration), by: actor, at: time)
    }

    /// An empty history over another engine (a test's own workflow file).
    init(decider: CaseDecider) { self.decider = decider }

    /// Decides against the fold of the events so far and appends what the engine emits.
    @discardableResult
    mutating func run(_ command: CaseCommand, by actor: Actor, at time: String) throws(CaseRejection) -> [CaseEvent] {
        let emitted = try decider.decide(command, state: state, actor: actor, now: at(time))
        events += emitted
        return emitted
    }

    @discardableResult
    mutating func act(
        _ command: String, _ fields: [String: String] = [:], by actor: Actor, at time: String
    ) throws(CaseRejection) -> [CaseEvent] {
        try run(.act(command: command, fields: fields.sorted { $0.key < $1.key }.map { Field($0.key, $0.value) }), by: actor, at: time)
    }

    /// The rejection a command would get, without recording anything.
    func rejection(_ command: String, _ fields: [String: String] = [:], by actor: Actor, at time: String) -> CaseRejection? {
        var copy = self
        do {
            try copy.act(command, fields, by: actor, at: time)
            return nil
        } catch {
            return error
        }
    }

    func clock(_ id: String) -> DeadlineClock? { state?.deadlines[id] }
}

/// "type" or "type:change:deadline" for deadline events, to compare emitted events in tables.
func summary(_ events: [CaseEvent]) -> [String] {
    events.map { event in
        if case .deadline(let record) = event.payload { return "\(event.type):\(record.deadlineID)" }
        return event.type
    }
}
