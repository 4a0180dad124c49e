import Foundation

@testable import WorkflowCore

/// A tiny workflow and a fresh database file for store tests, independent of the shipped workflows.
enum StoreFixtures {
    static let workflow = WorkflowDefinition(
        id: "mini", label: "测试流程", version: "1", source: "test", initialState: "registered",
        states: [
            WorkflowState(id: "registered", label: "登记"), WorkflowState(id: "accepted", label: "受理"),
            WorkflowState(id: "closed", label: "办结", terminal: true),
        ],
        transitions: [
            WorkflowTransition(command: "accept", label: "受理", from: ["registered"], to: "accepted", roles: [.receptionist], emits: "accepted", emitsLabel: "已受理"),
            WorkflowTransition(
                command: "transfer", label: "转送", from: ["accepted"], to: "accepted", roles: [.receptionist],
                requiredFields: [FieldRule(name: "target_org", label: "目标单位")], emits: "transferred", emitsLabel: "已转送"),
            WorkflowTransition(command: "close", label: "办结", from: ["accepted"], to: "closed", roles: [.receptionist], emits: "closed", emitsLabel: "已办结"),
        ],
        deadlines: [])

    static let actor = Actor(id: "u1", displayName: "张三", role: .receptionist, orgID: "org-a")

    static func temporaryDatabase() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xinfang-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("test.sqlite").path
    }

    static func handler(path: String) throws -> (SQLiteEventStore, CaseCommandHandler) {
        let store = try SQLiteEventStore(path: path)
        let decider = CaseDecider(catalog: WorkflowCatalog([workflow]), calendar: try WorkingCalendar.bundled())
        return (store, CaseCommandHandler(store: store, decider: decider))
    }

    static func registration(key: String, subject: String = "噪音扰民", org: String = "org-a") -> Registration {
        Registration(
            idempotencyKey: key, channel: .visit, workflow: "mini", subject: subject, content: "夜间施工噪音",
            petitioner: Petitioner(name: "王大顺", phone: "13512342659"), orgID: org,
            receivedAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21, Beijing
}
