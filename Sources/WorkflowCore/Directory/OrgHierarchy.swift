/// The org tree: who sees what (scoping), and where a case may not go (informant protection).
public struct OrgHierarchy: Hashable, Sendable {
    public let orgs: [String: Org]
    private let children: [String: [String]]

    public init(_ orgs: [Org]) {
        self.orgs = Dictionary(orgs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var children: [String: [String]] = [:]
        for org in orgs { children[org.parentID, default: []].append(org.id) }
        self.children = children
    }

    /// The org and every org below it.
    public func subtree(of id: String) -> [String] {
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
    public func children(of id: String) -> [String] { (children[id] ?? []).sorted() }

    /// True when `id` is `ancestor` or below it.
    public func isWithin(_ id: String, ancestor: String) -> Bool {
        var current: String? = id
        var hops = 0
        while let org = current, hops < 64 {
            if org == ancestor { return true }
            current = orgs[org]?.parentID
            hops += 1
        }
        return false
    }

    /// The office hours that apply at an org: its own, else the nearest ancestor's that sets
    /// them (a county's hours hold for its departments); nil when none does.
    public func officeHours(at id: String) -> String? {
        var current: String? = id
        var hops = 0
        while let org = current.flatMap({ orgs[$0] }), hops < 64 {
            if !org.officeHours.isEmpty { return org.officeHours }
            current = org.parentID
            hops += 1
        }
        return nil
    }

    public var isEmpty: Bool { orgs.isEmpty }

    public func contains(_ id: String) -> Bool { orgs[id] != nil }

    public func name(of id: String) -> String { orgs[id]?.name ?? id }
}
