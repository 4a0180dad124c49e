import WorkflowCore

/// The org tree, for scoping: who sees what.
struct OrgTree: Sendable {
    let orgs: [String: Org]
    private let children: [String: [String]]

    init(_ orgs: [Org]) {
        self.orgs = Dictionary(orgs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var children: [String: [String]] = [:]
        for org in orgs { children[org.parentID, default: []].append(org.id) }
        self.children = children
    }

    /// The org and every org below it.
    func subtree(of id: String) -> [String] {
        var result: [String] = []
        var stack = [id]
        var seen: Set<String> = []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            result.append(next)
            stack.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    /// The orgs directly below one.
    func children(of id: String) -> [String] { (children[id] ?? []).sorted() }

    /// True when `id` is `ancestor` or below it.
    func isWithin(_ id: String, ancestor: String) -> Bool {
        var current: String? = id
        var hops = 0
        while let org = current, hops < 64 {
            if org == ancestor { return true }
            current = orgs[org]?.parentID
            hops += 1
        }
        return false
    }

    func name(of id: String) -> String { orgs[id]?.name ?? id }
}
