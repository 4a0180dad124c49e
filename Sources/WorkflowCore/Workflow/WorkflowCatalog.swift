/// The loaded, validated workflows by id.
public struct WorkflowCatalog: Hashable, Sendable {
    public private(set) var workflows: [String: WorkflowDefinition]

    public init(_ workflows: [WorkflowDefinition]) {
        self.workflows = Dictionary(workflows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> WorkflowDefinition? { workflows[id] }

    /// Ids in a stable order.
    public var ids: [String] { workflows.keys.sorted() }
}
