import WireProtocol

/// `whoami`: the signed-in user, rights and org scope.
struct WhoAmICommand: ShellCommand {
    init(arguments: [String]) throws(UsageError) {
        guard arguments.isEmpty else { throw UsageError("用法：whoami") }
    }

    func run(on shell: Shell) async throws -> String {
        let me = try await shell.connection.admin.whoAmI(.init())
        shell.state.update { $0.me = me }
        if shell.json { return try shell.render(me) }
        let orgs = (try? await shell.orgs()) ?? []
        let orgName = orgs.first { $0.id == me.user.orgID }?.name ?? me.user.orgID
        return [
            "\(me.user.displayName)（\(me.user.id)）  单位：\(orgName)（\(me.user.orgID)）",
            "角色：\(me.user.roles.joined(separator: ", "))",
            "权限：\(me.rights.joined(separator: ", "))",
            "可见单位：\(me.scopeOrgIds.count) 个",
        ].joined(separator: "\n")
    }
}
