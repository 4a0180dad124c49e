import Foundation
import Synchronization

@testable import WorkflowCore

/// A tiny workflow whose deadlines run in hours, so tests can place timers exactly:
/// `first_contact` is due 1 hour after registration (no warning), `limit` 2 hours after it,
/// with a warning 1 hour before.
enum TimerFixtures {
    static func workflow(id: String = "timed") -> WorkflowDefinition {
        WorkflowDefinition(
            id: id, label: "计时测试", version: "1", source: "test", initialState: "registered",
            states: [
                WorkflowState(id: "registered", label: "登记"), WorkflowState(id: "accepted", label: "受理"),
                WorkflowState(id: "closed", label: "办结", terminal: true),
            ],
            transitions: [
                WorkflowTransition(command: "accept", label: "受理", from: ["registered"], to: "accepted", roles: [.receptionist], emits: "accepted", emitsLabel: "已受理"),
                WorkflowTransition(command: "close", label: "办结", from: ["accepted"], to: "closed", roles: [.receptionist], emits: "closed", emitsLabel: "已办结"),
            ],
            deadlines: [
                DeadlineRule(id: "first_contact", label: "首次联系", startsOn: ["registered"], stopsOn: ["accepted"], amount: 1, unit: .hours),
                DeadlineRule(id: "limit", label: "办理时限", startsOn: ["registered"], stopsOn: ["closed"], amount: 2, unit: .hours, warnBefore: 1),
            ])
    }

    static let t0 = StoreFixtures.now

    static func hours(_ count: Double) -> Date { t0.addingTimeInterval(count * 3600) }

    static func handler(_ store: SQLiteEventStore, workflows: [WorkflowDefinition] = [workflow()]) throws -> CaseCommandHandler {
        CaseCommandHandler(store: store, decider: CaseDecider(catalog: WorkflowCatalog(workflows), calendar: try WorkingCalendar.bundled()))
    }

    static func registration(key: String, workflow: String = "timed") -> Registration {
        Registration(
            idempotencyKey: key, channel: .visit, workflow: workflow, subject: "路灯不亮", content: "小区路灯损坏",
            petitioner: Petitioner(name: "李四", phone: "13600000000"), orgID: "org-a", receivedAt: t0)
    }

    /// Registers a case at `now`; returns its id.
    static func register(_ key: String, at now: Date, workflow: String = "timed", handler: CaseCommandHandler) async throws -> CaseID {
        try await handler.register(registration(key: key, workflow: workflow), actor: StoreFixtures.actor, now: now).key.caseID
    }

    /// "deadline_warned:limit", "deadline_breached:first_contact", ... for a case's timer events, in order.
    static func firings(_ caseID: CaseID, store: SQLiteEventStore) async throws -> [String] {
        try await store.events(of: caseID).compactMap { recorded in
            guard recorded.event.type == CaseEventType.deadlineWarned || recorded.event.type == CaseEventType.deadlineBreached,
                case .deadline(let record) = recorded.event.payload
            else { return nil }
            return "\(recorded.event.type):\(record.deadlineID)"
        }
    }

    /// When each timer event of a case was recorded.
    static func firingTimes(_ caseID: CaseID, store: SQLiteEventStore) async throws -> [Date] {
        try await store.events(of: caseID)
            .filter { $0.event.type == CaseEventType.deadlineWarned || $0.event.type == CaseEventType.deadlineBreached }
            .map(\.event.at)
    }

    static func timerRows(_ store: SQLiteEventStore) async throws -> Int {
        try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timers") ?? 0 }
    }
}

/// A clock whose time tests set.
final class FakeClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date) { time = Mutex(start) }

    var now: Date { time.withLock { $0 } }

    func advance(by duration: Duration) {
        time.withLock { $0 = $0.addingTimeInterval(SchedulerStateMachine.seconds(duration)) }
    }
}
