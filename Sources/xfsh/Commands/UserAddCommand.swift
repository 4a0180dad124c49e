import Foundation
import WireProtocol

/// `user add 编号 姓名 --org 单位 --role 角色[,角色] [--right 权限]`.
struct UserAddCommand: ShellCommand {
    let id: String
    let name: String
    let org: String
    let roles: [String]
    let rights: [String]
    static let usage = "user add 编号 姓名 --org 单位 --role receptionist|handler|supervisor|leader|admin[,…] [--right pii:read]"

    init(arguments: [String]) throws(UsageError) {
        let flags = try Flags(arguments, command: "user add", valued: ["org", "role", "right"])
        guard flags.positional.count == 3, flags.positional[0] == "add", let org = flags.last("org"), !flags.all("role").isEmpty else {
            throw UsageError("用法：\(Self.usage)")
        }
        id = flags.positional[1]
        name = flags.positional[2]
        self.org = org
        roles = flags.all("role").flatMap { $0.split(separator: ",").map(String.init) }
        rights = flags.all("right").flatMap { $0.split(separator: ",").map(String.init) }
    }

    func run(on shell: Shell) async throws -> String {
        let orgID = try await shell.resolveOrg(org).id
        let created = try await shell.connection.admin.createUser(.with {
            $0.user.id = id
            $0.user.displayName = name
            $0.user.orgID = orgID
            $0.user.roles = roles
            $0.user.extraRights = rights
        })
        if shell.json { return try shell.render(created) }
        return "已新建用户 \(created.displayName)（\(created.id)），单位 \(created.orgID)，角色 \(created.roles.joined(separator: ","))"
    }
}
