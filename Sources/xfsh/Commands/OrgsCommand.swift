import WireProtocol

/// `orgs`: the org tree, indented under each parent.
struct OrgsCommand: ShellCommand {
    init(arguments: [String]) throws(UsageError) {
        guard arguments.isEmpty else { throw UsageError("用法：orgs") }
    }

    func run(on shell: Shell) async throws -> String {
        let response = try await shell.connection.admin.listOrgs(.init())
        shell.state.update { $0.orgs = response.orgs }
        if shell.json { return try shell.render(response) }
        let ids = Set(response.orgs.map(\.id))
        var rows: [[String]] = []
        func add(_ org: Xinfang_V1_Org, depth: Int) {
            rows.append([String(repeating: "  ", count: depth) + org.name, org.id, org.level])
            for child in response.orgs where child.parentID == org.id { add(child, depth: depth + 1) }
        }
        for root in response.orgs where root.parentID.isEmpty || !ids.contains(root.parentID) { add(root, depth: 0) }
        return Table(headers: ["单位", "编号", "级别"], rows: rows).render()
    }
}
