import Foundation
import GRPCCore
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// AdminService: the directory (orgs, users, tokens, roles), workflows, calendars, plugins
/// and statistics. Changes need the `admin` right; reading what everyone needs does not.
struct AdminService: Xinfang_V1_AdminService.SimpleServiceProtocol {
    let backend: Backend
    let plugins: any PluginStatusSource

    func whoAmI(request: Xinfang_V1_WhoAmIRequest, context: ServerContext) async throws -> Xinfang_V1_WhoAmIResponse {
        let principal = try Principal.required()
        return .with {
            $0.user = AdminMapping.user(principal.user)
            $0.rights = principal.rights.sorted()
            $0.scopeOrgIds = principal.scopeOrgIDs
        }
    }

    func createOrg(request: Xinfang_V1_CreateOrgRequest, context: ServerContext) async throws -> Xinfang_V1_Org {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.admin, for: "creating an org")
            let org = request.org
            try Self.requireID(org.id, field: "org.id")
            guard !org.name.trimmingCharacters(in: .whitespaces).isEmpty, org.name.count <= 64 else {
                throw ErrorMapping.invalid("org.name", "is required, at most 64 characters", limit: "64 characters")
            }
            guard Org.levels.contains(org.level) else {
                throw ErrorMapping.invalid("org.level", "must be one of \(Org.levels.joined(separator: ", "))")
            }
            let tree = try await backend.presentation().tree
            guard org.parentID.isEmpty || tree.orgs[org.parentID] != nil else {
                throw ErrorMapping.invalid("org.parent_id", "no org `\(org.parentID)`")
            }
            if !org.officeHours.isEmpty {
                do { _ = try OfficeHours(parsing: org.officeHours) } catch {
                    throw ErrorMapping.invalid("org.office_hours", "\(error)")
                }
            }
            let created = Org(id: org.id, name: org.name, parentID: org.parentID, level: org.level, officeHours: org.officeHours)
            try await backend.directory.createOrg(created, by: principal.user.id, at: backend.clock())
            return AdminMapping.org(created)
        }
    }

    func listOrgs(request: Xinfang_V1_ListOrgsRequest, context: ServerContext) async throws -> Xinfang_V1_ListOrgsResponse {
        try await mappingErrors {
            _ = try Principal.required()
            let orgs = try await backend.directory.orgs()
            let wanted = request.rootID.isEmpty ? nil : Set(OrgHierarchy(orgs).subtree(of: request.rootID))
            return .with { $0.orgs = orgs.filter { wanted?.contains($0.id) ?? true }.map(AdminMapping.org) }
        }
    }

    func createUser(request: Xinfang_V1_CreateUserRequest, context: ServerContext) async throws -> Xinfang_V1_User {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.admin, for: "creating a user")
            let user = request.user
            try Self.requireID(user.id, field: "user.id")
            guard !user.displayName.isEmpty, user.displayName.count <= 64 else {
                throw ErrorMapping.invalid("user.display_name", "is required, at most 64 characters", limit: "64 characters")
            }
            guard try await backend.presentation().tree.orgs[user.orgID] != nil else {
                throw ErrorMapping.invalid("user.org_id", "no org `\(user.orgID)`")
            }
            let roles = user.roles.map { Role(rawValue: $0) }
            guard !roles.isEmpty, roles.allSatisfy({ Rights.byRole[$0] != nil }) else {
                let known = Rights.byRole.keys.map(\.rawValue).sorted().joined(separator: ", ")
                throw ErrorMapping.invalid("user.roles", "each role must be one of \(known)")
            }
            let rights = Set(Rights.byRole.values.flatMap { $0 }).union([Rights.personalData])
            for right in user.extraRights where !rights.contains(right) {
                throw ErrorMapping.invalid("user.extra_rights", "unknown right `\(right)`")
            }
            let created = User(
                id: user.id, displayName: user.displayName, orgID: user.orgID, roles: roles, extraRights: user.extraRights,
                createdAt: backend.clock())
            try await backend.directory.createUser(created, by: principal.user.id)
            return AdminMapping.user(created)
        }
    }

    func listUsers(request: Xinfang_V1_ListUsersRequest, context: ServerContext) async throws -> Xinfang_V1_ListUsersResponse {
        try await mappingErrors {
            try Principal.required().require(Rights.admin, for: "listing users")
            let users = try await backend.directory.users(orgID: request.orgID.isEmpty ? nil : request.orgID)
            return .with { $0.users = users.map(AdminMapping.user) }
        }
    }

    func disableUser(request: Xinfang_V1_DisableUserRequest, context: ServerContext) async throws -> Xinfang_V1_User {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.admin, for: "disabling a user")
            guard !request.reason.isEmpty else { throw ErrorMapping.invalid("reason", "is required") }
            return AdminMapping.user(
                try await backend.directory.disableUser(id: request.userID, reason: request.reason, by: principal.user.id, at: backend.clock()))
        }
    }

    func createToken(request: Xinfang_V1_CreateTokenRequest, context: ServerContext) async throws -> Xinfang_V1_CreateTokenResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.admin, for: "creating a token")
            let now = backend.clock()
            var expires: Date? = request.hasExpiresAt ? request.expiresAt.date : now.addingTimeInterval(90 * 86_400)
            if request.noExpiry { expires = nil }
            if let expires, expires <= now { throw ErrorMapping.invalid("expires_at", "must be in the future") }
            guard request.label.count <= 200 else { throw ErrorMapping.invalid("label", "too long", limit: "200 characters") }
            let (info, secret) = try await backend.directory.createToken(
                userID: request.userID, label: request.label, expiresAt: expires, by: principal.user.id, at: now)
            return .with {
                $0.info = AdminMapping.token(info)
                $0.secret = secret
            }
        }
    }

    func listTokens(request: Xinfang_V1_ListTokensRequest, context: ServerContext) async throws -> Xinfang_V1_ListTokensResponse {
        try await mappingErrors {
            try Principal.required().require(Rights.admin, for: "listing tokens")
            let tokens = try await backend.directory.tokens(userID: request.userID.isEmpty ? nil : request.userID)
            return .with { $0.tokens = tokens.map(AdminMapping.token) }
        }
    }

    func revokeToken(request: Xinfang_V1_RevokeTokenRequest, context: ServerContext) async throws -> Xinfang_V1_TokenInfo {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.admin, for: "revoking a token")
            return AdminMapping.token(try await backend.directory.revokeToken(id: request.tokenID, by: principal.user.id, at: backend.clock()))
        }
    }

    func listRoles(request: Xinfang_V1_ListRolesRequest, context: ServerContext) async throws -> Xinfang_V1_ListRolesResponse {
        _ = try Principal.required()
        return .with { response in
            response.roles = Role.known.compactMap { role, label in
                guard let rights = Rights.byRole[role] else { return nil }
                return .with {
                    $0.id = role.rawValue
                    $0.label = label
                    $0.rights = rights.sorted()
                }
            }
        }
    }

    func listWorkflows(request: Xinfang_V1_ListWorkflowsRequest, context: ServerContext) async throws -> Xinfang_V1_ListWorkflowsResponse {
        _ = try Principal.required()
        let catalog = backend.catalog
        return .with { $0.workflows = catalog.ids.compactMap { catalog[$0] }.map(AdminMapping.workflow) }
    }

    func exportWorkflow(request: Xinfang_V1_ExportWorkflowRequest, context: ServerContext) async throws -> Xinfang_V1_ExportWorkflowResponse {
        _ = try Principal.required()
        guard let workflow = backend.catalog[request.workflow] else {
            throw ErrorMapping.invalid("workflow", "no workflow `\(request.workflow)`; loaded: \(backend.catalog.ids.joined(separator: ", "))")
        }
        switch request.format {
        case "", "dot": return .with { $0.text = WorkflowExporter.dot(workflow) }
        case "mermaid": return .with { $0.text = WorkflowExporter.mermaid(workflow) }
        default: throw ErrorMapping.invalid("format", "must be dot or mermaid")
        }
    }

    func getCalendarDay(request: Xinfang_V1_GetCalendarDayRequest, context: ServerContext) async throws -> Xinfang_V1_CalendarDay {
        _ = try Principal.required()
        let date = try Self.date(request.date)
        return AdminMapping.calendarDay(try calendarCall { () throws(CalendarError) in try backend.handler.decider.calendar.day(date) })
    }

    func addWorkingDays(request: Xinfang_V1_AddWorkingDaysRequest, context: ServerContext) async throws -> Xinfang_V1_CalendarDay {
        _ = try Principal.required()
        let date = try Self.date(request.date)
        guard abs(request.days) <= 3650 else { throw ErrorMapping.invalid("days", "is out of range", limit: "3650") }
        let calendar = backend.handler.decider.calendar
        let result = try calendarCall { () throws(CalendarError) in try calendar.addingWorkingDays(Int(request.days), to: date) }
        return AdminMapping.calendarDay(try calendarCall { () throws(CalendarError) in try calendar.day(result.date) })
    }

    func listPlugins(request: Xinfang_V1_ListPluginsRequest, context: ServerContext) async throws -> Xinfang_V1_ListPluginsResponse {
        _ = try Principal.required()
        return .with { $0.plugins = plugins.statuses() }
    }

    func restartPlugin(request: Xinfang_V1_RestartPluginRequest, context: ServerContext) async throws -> Xinfang_V1_PluginStatus {
        try await mappingErrors {
            try Principal.required().require(Rights.admin, for: "restarting a plugin")
            guard let status = try await plugins.restart(name: request.name) else {
                throw ErrorMapping.make(.notFound, "ERROR_CODE_NOT_FOUND", "no plugin named `\(request.name)`")
            }
            return status
        }
    }

    func getStatistics(request: Xinfang_V1_GetStatisticsRequest, context: ServerContext) async throws -> Xinfang_V1_GetStatisticsResponse {
        try await mappingErrors {
            let principal = try Principal.required()
            try principal.require(Rights.statistics, for: "reading statistics")
            let tree = try await backend.presentation().tree
            let root = request.orgID.isEmpty ? principal.user.orgID : request.orgID
            guard tree.orgs[root] != nil, principal.has(Rights.admin) || principal.scopeOrgIDs.contains(root) else {
                throw ErrorMapping.invalid("org_id", "org `\(root)` is not within the caller's orgs")
            }
            let offset = backend.handler.decider.utcOffsetSeconds
            let now = backend.clock()
            let to = request.hasTo ? request.to.date.addingTimeInterval(-0.001) : now
            let from = request.hasFrom ? request.from.date : to.addingTimeInterval(-30 * 86_400)
            let fromDay = CivilDate(instant: from, utcOffsetSeconds: offset)
            let toDay = CivilDate(instant: to, utcOffsetSeconds: offset)
            // The org itself, then each child, each counting its whole subtree.
            let groups = [root] + tree.children(of: root)
            let counts = try await backend.store.eventCounts(orgIDs: tree.subtree(of: root), from: fromDay, to: toDay)
            return .with { response in
                response.orgs = groups.map { org in
                    var merged: [String: Int] = [:]
                    for member in tree.subtree(of: org) {
                        for (key, value) in counts[member] ?? [:] { merged[key, default: 0] += value }
                    }
                    return .with { orgStatistics in
                        orgStatistics.orgID = org
                        orgStatistics.orgName = tree.name(of: org)
                        orgStatistics.figures = CaseStatistics.figures(from: merged).map { figure in
                            .with {
                                $0.id = figure.id
                                $0.label = figure.label
                                $0.value = figure.value
                                $0.numerator = Int64(figure.numerator)
                                $0.denominator = Int64(figure.denominator)
                                $0.explanation = figure.explanation + "；统计期 \(fromDay)–\(toDay)，含下级单位"
                            }
                        }
                    }
                }
            }
        }
    }

    private static func requireID(_ id: String, field: String) throws {
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ErrorMapping.invalid(field, "must be 1-64 ASCII letters, digits, - or _", limit: "64 characters")
        }
    }

    private static func date(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(text) else { throw ErrorMapping.invalid("date", "must be YYYY-MM-DD") }
        return date
    }

    private func calendarCall<T>(_ body: () throws(CalendarError) -> T) throws -> T {
        do { return try body() } catch { throw ErrorMapping.invalid("date", error.description) }
    }
}

/// Where the admin API learns the plugins' state (the plugin host, once it runs).
protocol PluginStatusSource: Sendable {
    func statuses() -> [Xinfang_V1_PluginStatus]
    func restart(name: String) async throws -> Xinfang_V1_PluginStatus?
}

/// No plugins configured.
struct NoPlugins: PluginStatusSource {
    func statuses() -> [Xinfang_V1_PluginStatus] { [] }
    func restart(name: String) async throws -> Xinfang_V1_PluginStatus? { nil }
}
