import ArgumentParser
import Foundation
import WorkflowCore

/// `xinfangd init --data DIR`: creates the data directory, the root org and the admin
/// account, and prints an admin token alone on the last line (only its hash is stored).
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a data directory and print an admin token on the last line.")

    @OptionGroup var options: DataOptions

    @Option(help: "Id of the root org.") var orgID = "root"
    @Option(help: "Name of the root org.") var orgName = "信访局"
    @Option(help: "Level of the root org (province, city, county, township).") var orgLevel = "county"

    func run() async throws {
        let directory = DataDirectory(path: options.data)
        guard !directory.exists else {
            throw DaemonError(
                "\(directory.databasePath) already exists: the directory is initialised. "
                    + "Use `xinfangd token create --data \(options.data) --user admin` for a new admin token.")
        }
        try directory.create()
        // The key petitioner identities are matched under (never stored in clear).
        _ = try SiteKey.loadOrCreate(directory: directory.url)
        let store = try SQLiteEventStore(path: directory.databasePath)
        let registry = SQLiteDirectory(pool: store.pool)
        let now = Date()
        try await registry.createOrg(Org(id: orgID, name: orgName, parentID: "", level: orgLevel), by: "init", at: now)
        try await registry.createUser(
            User(id: "admin", displayName: "管理员", orgID: orgID, roles: [.admin], extraRights: ["pii:read"], createdAt: now),
            by: "init")
        let (_, secret) = try await registry.createToken(
            userID: "admin", label: "created by xinfangd init", expiresAt: nil, by: "init", at: now)
        try store.close()
        print("initialised \(directory.url.path): root org `\(orgID)` (\(orgName)), user `admin`")
        print("admin token (shown once; only its hash is stored):")
        print(secret)
    }
}
