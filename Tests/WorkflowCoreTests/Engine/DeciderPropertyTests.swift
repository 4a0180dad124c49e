import Foundation
import Testing

@testable import WorkflowCore

/// SplitMix64: a small seeded generator, so every failing sequence can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Drives one random case through a shipped workflow with commands the workflow offers.
struct RandomCase {
    let decider = shippedDecider
    let workflow: WorkflowDefinition
    var rng: SeededGenerator
    var events: [CaseEvent] = []
    var now: Date
    var accepted = 0
    var refused = 0
    var timers = 0

    static let latest = at("2026-09-01 00:00")

    init(seed: UInt64) throws {
        rng = SeededGenerator(seed: seed)
        let ids = ["xinfang", "hotline12345", "grid"]
        workflow = try #require(shippedDecider.catalog[ids[Int(seed % 3)]])
        let start = at("2025-01-02 08:00").addingTimeInterval(Double(Int.random(in: 0..<400, using: &rng)) * 86_400)
        now = start
        var attributes: [Field] = []
        var matterClass = ""
        var accused = ""
        switch workflow.id {
        case "xinfang":
            matterClass = ["", "suggestion", "accusation", "claim", "claim"].randomElement(using: &rng)!
            if matterClass == "accusation" { accused = "org-accused" }
        case "hotline12345":
            if let urgency = ["urgent", "ordinary", ""].randomElement(using: &rng), !urgency.isEmpty {
                attributes.append(Field("urgency", urgency))
            }
        default:
            break
        }
        var registration = WorkflowCoreTests.registration(
            workflow: workflow.id, matterClass: matterClass, receivedAt: "2025-01-01 08:00", attributes: attributes, accusedOrg: accused)
        registration.receivedAt = start.addingTimeInterval(-Double(Int.random(in: 0..<3, using: &rng)) * 86_400)
        events = try shippedDecider.decide(.register(registration), state: nil, actor: Staff.receptionist, now: start)
    }

    var state: CaseState? { decider.fold(events) }

    mutating func value(for rule: FieldRule, command: String) -> String {
        if !rule.oneOf.isEmpty { return rule.oneOf.randomElement(using: &rng)! }
        switch rule.type {
        case .integer:
            let limits = workflow.deadlines.filter { $0.extendedBy == workflow.transitions.first { $0.command == command }?.emits }
            let most = limits.map { $0.classes.compactMap(\.maxExtension).min() ?? $0.maxExtension }.min() ?? 5
            return String(Int.random(in: 1...max(1, most + 1), using: &rng))
        case .date:
            return CivilDate(instant: now, utcOffsetSeconds: beijing).adding(days: Int.random(in: -3...3, using: &rng)).description
        case .text:
            switch rule.name {
            case "target_org": return ["org-zjj", "org-city", "org-accused"].randomElement(using: &rng)!
            default: return "随机文本\(Int.random(in: 0..<100, using: &rng))"
            }
        }
    }

    /// A command the current state offers, by a role the transition allows, with plausible fields.
    mutating func nextCommand(_ state: CaseState) -> (CaseCommand, Actor)? {
        let roll = Int.random(in: 0..<100, using: &rng)
        let live = state.deadlines.values.filter(\.isLive).sorted { $0.id < $1.id }
        if roll < 20, let clock = live.randomElement(using: &rng) {
            let warning = clock.warnAt != nil && Bool.random(using: &rng)
            let due = warning ? clock.warnAt! : clock.dueAt
            if due > now { now = due }
            timers += 1
            return (.fireTimer(deadlineID: clock.id, kind: warning ? .warning : .breach, dueAt: due), .system)
        }
        if roll < 23, workflow.id == "xinfang" {
            let kind = ["not_accepted_after_review", "repeat_of", "dismissed"].randomElement(using: &rng)!
            return (
                .link(kind: kind, otherCaseID: CaseID(rawValue: "c-old"), otherCaseNumber: CaseNumber(year: 2024, serial: 7), reason: "随机"),
                Staff.receptionist
            )
        }
        if roll < 26 { return (.addNote(text: "随访记录"), Staff.handler) }
        let candidates = workflow.transitions(from: state.state)
        guard let transition = candidates.randomElement(using: &rng) else { return nil }
        let role = transition.roles.randomElement(using: &rng)!
        let actor = Actor(id: "u-\(role)", displayName: role.label, role: role, orgID: "org-zjj")
        var fields: [Field] = []
        for rule in transition.requiredFields where Int.random(in: 0..<50, using: &rng) > 0 {
            fields.append(Field(rule.name, value(for: rule, command: transition.command)))
        }
        for rule in transition.optionalFields where Bool.random(using: &rng) {
            fields.append(Field(rule.name, value(for: rule, command: transition.command)))
        }
        return (.act(command: transition.command, fields: fields), actor)
    }

    /// One step: decide against the fold of the history and check the decider's laws.
    mutating func step() throws -> Bool {
        let seen = try #require(state)
        if seen.version != events.count { Issue.record("version \(seen.version) != \(events.count) events") }
        now = now.addingTimeInterval(Double(Int.random(in: 0...(3 * 24 * 60), using: &rng)) * 60)
        guard now < Self.latest, let (command, actor) = nextCommand(seen) else { return false }
        let emitted: [CaseEvent]
        do {
            emitted = try decider.decide(command, state: seen, actor: actor, now: now)
        } catch {
            refused += 1
            if case .act(let name, _) = command, case .roleDenied = error {
                Issue.record("role chosen from the transition was denied for \(name)")
            }
            return true
        }
        // Replay is deterministic: the same command on the same state at the same time.
        let again = try decider.decide(command, state: seen, actor: actor, now: now)
        #expect(again == emitted)
        // Folding the emitted events onto the state decide saw gives the fold of the whole history.
        var folded: CaseState? = seen
        for event in emitted {
            let next = decider.evolve(folded, event)
            #expect(next != nil, "evolve dropped \(event.type)")
            folded = next
        }
        events += emitted
        #expect(folded == state)
        #expect(folded?.version == events.count)
        if case .act(let name, _) = command, !emitted.isEmpty {
            accepted += 1
            let offered = decider.availableTransitions(state: seen, role: actor.role).map(\.command)
            #expect(offered.contains(name), "\(name) succeeded but was not offered to \(actor.role)")
        }
        if let after = folded {
            if workflow.state(after.state)?.terminal == true {
                #expect(after.deadlines.values.allSatisfy { !$0.isLive }, "a clock still runs in terminal \(after.state)")
            }
            for clock in after.deadlines.values where clock.isLive {
                #expect(clock.derivation?.explanation.isEmpty == false)
                if let warn = clock.warnAt { #expect(warn < clock.dueAt) }
            }
        }
        return true
    }
}

@Suite("Property: random valid command sequences fold to the state decide saw; replay is deterministic")
struct DeciderPropertyTests {
    @Test("random sequences over the shipped workflows", arguments: 0..<90)
    func randomSequence(seed: Int) throws {
        var run = try RandomCase(seed: UInt64(seed))
        for _ in 0..<60 {
            guard try run.step() else { break }
        }
        // Replaying the log, and replaying it from its stored JSON form, give the same state.
        let first = run.decider.fold(run.events)
        let second = run.decider.fold(run.events)
        #expect(first == second)
        let stored = try JSONEncoder().encode(run.events)
        let decoded = try JSONDecoder().decode([CaseEvent].self, from: stored)
        #expect(run.decider.fold(decoded) == first)
        #expect(first?.version == run.events.count)
    }

    @Test("the random walks reach far: every state of every shipped workflow is visited")
    func coverage() throws {
        var visited: [String: Set<String>] = [:]
        var decided = 0
        for seed in 0..<240 {
            var run = try RandomCase(seed: UInt64(seed))
            for _ in 0..<80 {
                guard try run.step() else { break }
                visited[run.workflow.id, default: []].insert(run.state!.state)
            }
            decided += run.accepted
        }
        #expect(decided > 1000)
        for workflow in shippedDecider.catalog.workflows.values {
            let missing = Set(workflow.states.map(\.id)).subtracting(visited[workflow.id] ?? [])
            #expect(missing.isEmpty, "\(workflow.id) never reached \(missing.sorted())")
        }
    }
}
