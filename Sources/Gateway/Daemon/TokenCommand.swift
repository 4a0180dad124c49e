import ArgumentParser
import Foundation
import WorkflowCore

/// `xinfangd token create --data DIR --user ID`: mints a token directly in the database, for
/// whoever holds the data directory (the operator of the machine). Prints it on the last line.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage bearer tokens from the machine that holds the data.",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token for a user; prints it on the last line.")

        @OptionGroup var options: DataOptions
        @Option(help: "The user the token acts for.") var user = "admin"
        @Option(help: "What the token is for.") var label = "created by xinfangd token create"
        @Option(help: "Days until it expires (0: never).") var days = 90

        func run() async throws {
            let store = try DataDirectory(path: options.data).openStore()
            let now = Date()
            let expires = days > 0 ? now.addingTimeInterval(Double(days) * 86_400) : nil
            let (info, secret) = try await SQLiteDirectory(pool: store.pool).createToken(
                userID: user, label: label, expiresAt: expires, by: "local:token-create", at: now)
            try store.close()
            print("token \(info.id) for \(user)" + (expires.map { ", expires \($0)" } ?? ", no expiry") + ":")
            print(secret)
        }
    }
}
