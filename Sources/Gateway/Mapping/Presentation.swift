import WorkflowCore

/// Chinese labels for ids: states and events from the workflow data, orgs from the tree.
struct Presentation: Sendable {
    let catalog: WorkflowCatalog
    let tree: OrgTree

    /// Labels of the event types the engine emits outside workflow transitions.
    static let builtInEventLabels: [String: String] = [
        "registered": "登记", "note_added": "备注", "deadline_started": "期限开始", "deadline_warned": "期限预警",
        "deadline_breached": "超期", "deadline_met": "按期办结", "deadline_paused": "期限中止",
        "deadline_resumed": "期限恢复", "deadline_extended": "期限延长", "deadline_cancelled": "期限取消",
        "duplicates_suspected": "疑似重复", "linked": "关联案件", "duplicate_dismissed": "排除重复",
        "pii_revealed": "查看个人信息",
    ]

    func stateLabel(workflow: String, state: String) -> String {
        catalog[workflow]?.state(state)?.label ?? state
    }

    func eventLabel(workflow: String, type: String) -> String {
        if let label = Self.builtInEventLabels[type] { return label }
        return catalog[workflow]?.transitions.first { $0.emits == type }?.emitsLabel ?? type
    }

    func orgName(_ id: String) -> String { tree.name(of: id) }
}
