import Foundation
import WireProtocol

/// `org add 编号 名称 [--parent 上级] [--level 级别] [--office-hours 09:00-12:00,13:30-17:30]`.
struct OrgAddCommand: ShellCommand {
    var org = Xinfang_V1_Org()
    let parent: String?
    static let usage = "org add 编号 名称 [--parent 上级单位] [--level province|city|county|township|department|grid]"

    init(arguments: [String]) throws(UsageError) {
        let flags = try Flags(arguments, command: "org add", valued: ["parent", "level", "office-hours"])
        guard flags.positional.count == 3, flags.positional[0] == "add" else { throw UsageError("用法：\(Self.usage)") }
        org.id = flags.positional[1]
        org.name = flags.positional[2]
        org.level = flags.last("level") ?? "department"
        org.officeHours = flags.last("office-hours") ?? ""
        parent = flags.last("parent")
    }

    func run(on shell: Shell) async throws -> String {
        var org = self.org
        if let parent {
            org.parentID = try await shell.resolveOrg(parent).id
        } else {
            org.parentID = try await shell.me().user.orgID
        }
        let created = try await shell.connection.admin.createOrg(.with { $0.org = org })
        _ = try? await shell.orgs(refresh: true)
        if shell.json { return try shell.render(created) }
        return "已新建单位 \(created.name)（\(created.id)），上级 \(created.parentID)"
    }
}
