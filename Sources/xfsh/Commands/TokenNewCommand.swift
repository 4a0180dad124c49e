import Foundation
import WireProtocol

/// `token new 用户 [--label 说明] [--no-expiry]`: prints the secret once.
struct TokenNewCommand: ShellCommand {
    let user: String
    let label: String
    let noExpiry: Bool

    init(arguments: [String]) throws(UsageError) {
        let flags = try Flags(arguments, command: "token new", valued: ["label"], switches: ["no-expiry"])
        guard flags.positional.count == 2, flags.positional[0] == "new" else {
            throw UsageError("用法：token new 用户编号 [--label 说明] [--no-expiry]")
        }
        user = flags.positional[1]
        label = flags.last("label") ?? "xfsh"
        noExpiry = flags.has("no-expiry")
    }

    func run(on shell: Shell) async throws -> String {
        let response = try await shell.connection.admin.createToken(.with {
            $0.userID = user
            $0.label = label
            $0.noExpiry = noExpiry
        })
        if shell.json { return try shell.render(response) }
        return "已为 \(response.info.userID) 签发令牌 \(response.info.id)（只显示这一次）：\n\(response.secret)"
    }
}
