import WorkflowCore

/// Chinese labels for ids: states and events from the workflow data, orgs from the tree.
struct Presentation: Sendable {
    let catalog: WorkflowCatalog
    let tree: OrgHierarchy

    func stateLabel(workflow: String, state: String) -> String {
        catalog[workflow]?.state(state)?.label ?? state
    }

    func eventLabel(workflow: String, type: String) -> String {
        if let label = CaseEventType.labels[type] { return label }
        return catalog[workflow]?.transitions.first { $0.emits == type }?.emitsLabel ?? type
    }

    func orgName(_ id: String) -> String { tree.name(of: id) }
}
