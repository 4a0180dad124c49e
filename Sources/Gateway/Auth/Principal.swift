import Foundation
import WorkflowCore

/// The authenticated caller of an RPC, with the rights its roles carry and the orgs it sees.
struct Principal: Sendable {
    var user: User
    var tokenID: String
    var rights: Set<String>
    /// The caller's org and every org below it.
    var scopeOrgIDs: [String]

    var actor: Actor {
        Actor(id: user.id, displayName: user.displayName, role: primaryRole, orgID: user.orgID)
    }

    /// The role the caller acts in: the first one listed for the user.
    var primaryRole: Role { user.roles.first ?? .receptionist }

    func has(_ right: String) -> Bool { rights.contains(right) || rights.contains(Rights.admin) }

    /// Set by the auth interceptor for the duration of each call.
    @TaskLocal static var current: Principal?
}

/// The rights roles carry. Roles are coarse; rights are what the gateway checks.
enum Rights {
    static let submit = "case:submit"
    static let read = "case:read"
    static let act = "case:act"
    static let note = "case:note"
    static let link = "case:link"
    static let personalData = "pii:read"
    static let audit = "audit:read"
    static let statistics = "stats:read"
    static let admin = "admin"

    static let byRole: [Role: Set<String>] = [
        .receptionist: [submit, read, act, note, link],
        .handler: [read, act, note, link],
        .supervisor: [read, act, note, link, audit, statistics],
        .leader: [read, act, note, link, audit, statistics],
        .admin: [admin, submit, read, act, note, link, audit, statistics],
        .service: [submit, read, act, note],
        .plugin: [submit, read, act, note],
    ]

    static func rights(for user: User) -> Set<String> {
        user.roles.reduce(into: Set(user.extraRights)) { $0.formUnion(byRole[$1] ?? []) }
    }
}
