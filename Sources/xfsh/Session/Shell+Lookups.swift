import Foundation
import WireProtocol

/// Lookups fetched once per session and kept in `SessionState`.
extension Shell {
    /// The signed-in user (WhoAmI), fetched once.
    func me() async throws -> Xinfang_V1_WhoAmIResponse {
        if let me = state.read(\.me) { return me }
        let me = try await connection.admin.whoAmI(.init())
        state.update { $0.me = me }
        return me
    }

    /// The org tree, fetched once (again with `refresh`).
    func orgs(refresh: Bool = false) async throws -> [Xinfang_V1_Org] {
        if !refresh, let orgs = state.read(\.orgs) { return orgs }
        let orgs = try await connection.admin.listOrgs(.init()).orgs
        state.update { $0.orgs = orgs }
        return orgs
    }

    /// An org named by id or by name (exactly, in part, or by its characters in order, so
    /// 住建局 finds 住房和城乡建设局).
    func resolveOrg(_ text: String) async throws -> Xinfang_V1_Org {
        var match = OrgMatch.find(text, in: try await orgs())
        if case .none = match { match = OrgMatch.find(text, in: try await orgs(refresh: true)) }
        switch match {
        case .one(let org): return org
        case .none: throw UsageError("没有名为或编号为「\(text)」的单位；输入 orgs 查看单位")
        case .many(let orgs):
            throw UsageError("「\(text)」可指多个单位：\(orgs.map { "\($0.name)(\($0.id))" }.joined(separator: "、"))；请写全称或编号")
        }
    }

    /// The loaded workflows, fetched once.
    func workflows() async throws -> [String: Xinfang_V1_Workflow] {
        if let workflows = state.read(\.workflows) { return workflows }
        let list = try await connection.admin.listWorkflows(.init()).workflows
        let workflows = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        state.update { $0.workflows = workflows }
        return workflows
    }

    /// The rules of a command's required fields (label, limit, allowed values).
    func fieldRules(workflow: String, command: String, state: String) async throws -> [String: Xinfang_V1_FieldRule] {
        guard let definition = try await workflows()[workflow] else { return [:] }
        let transitions = definition.transitions.filter { $0.command == command }
        let transition = transitions.first { $0.from.contains(state) || $0.from.contains("*") } ?? transitions.first
        return Dictionary((transition?.requiredFields ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether a date counts in working-day deadlines, asked of the server's calendar once per date.
    func isWorkingDay(_ date: CivilDay) async throws -> Bool {
        let key = date.description
        if let known = state.read({ $0.workingDays[key] }) { return known }
        let day = try await connection.admin.getCalendarDay(.with { $0.date = key })
        state.update { $0.workingDays[key] = day.workingDay }
        return day.workingDay
    }

    /// Fetches the open case again (after a command, or when asked), and remembers it.
    @discardableResult
    func reloadOpenCase(threadLimit: UInt32 = 20) async throws -> Xinfang_V1_Case {
        guard let number = state.openCaseNumber else { throw UsageError("没有打开的案件；先 open XF-…") }
        let found = try await connection.cases.getCase(.with {
            $0.caseRef = number
            $0.threadLimit = threadLimit
        })
        state.update { if $0.openCase?.summary.caseNumber == number { $0.openCase = found } }
        return found
    }

    /// The open case, or a usage error saying to open one.
    func requireOpenCase() throws(UsageError) -> Xinfang_V1_Case {
        guard let found = state.openCase else { throw UsageError("没有打开的案件；先 open XF-…") }
        return found
    }
}

/// How an org name typed by an operator matched the tree.
enum OrgMatch: Equatable {
    case none
    case one(Xinfang_V1_Org)
    case many([Xinfang_V1_Org])

    static func find(_ text: String, in orgs: [Xinfang_V1_Org]) -> OrgMatch {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .none }
        let tiers: [(Xinfang_V1_Org) -> Bool] = [
            { $0.id == text }, { $0.name == text }, { $0.name.contains(text) }, { isSubsequence(text, of: $0.name) },
        ]
        for tier in tiers {
            let found = orgs.filter(tier)
            if found.count == 1 { return .one(found[0]) }
            if found.count > 1 { return .many(found) }
        }
        return .none
    }

    static func isSubsequence(_ short: String, of long: String) -> Bool {
        var rest = Substring(long)
        for character in short {
            guard let index = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: index)...]
        }
        return true
    }
}
