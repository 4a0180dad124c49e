import WireProtocol

/// `search 关键词 [--state S] [--org 单位] [--limit N]`: Chinese full-text search over
/// subject, content and thread.
struct SearchCommand: ShellCommand {
    let query: String
    let flags: Flags
    /// Mirrors the server's `Limits.queryCharacters`.
    static let maxCharacters = 100

    init(arguments: [String]) throws(UsageError) {
        flags = try Flags(arguments, command: "search", valued: ["state", "org", "workflow", "limit"])
        query = flags.positional.joined(separator: " ")
        guard !query.isEmpty else { throw UsageError("用法：search 关键词 [--state 状态] [--org 单位] [--limit N]") }
        guard query.count <= Self.maxCharacters else {
            throw UsageError("检索词过长：\(query.count) 字，上限 \(Self.maxCharacters) 字（字段 query）")
        }
        _ = try flags.positive("limit", command: "search", max: 200)
    }

    func run(on shell: Shell) async throws -> String {
        var request = Xinfang_V1_SearchCasesRequest()
        request.query = query
        request.filter.states = flags.all("state")
        request.filter.workflows = flags.all("workflow")
        if let org = flags.last("org") {
            request.filter.orgID = try await shell.resolveOrg(org).id
            request.filter.includeSubOrgs = true
        }
        if let limit = try flags.positive("limit", command: "search", max: 200) { request.page.pageSize = UInt32(limit) }
        let response = try await shell.connection.cases.searchCases(request)
        shell.state.remember(response.hits.map(\.summary.caseNumber))
        if shell.json { return try shell.render(response) }
        if response.hits.isEmpty { return "没有找到与「\(query)」相关的案件。" }
        return Table(
            headers: ["案件编号", "状态", "事由", "责任单位", "匹配"],
            rows: response.hits.map { hit in
                [hit.summary.caseNumber, hit.summary.stateLabel, hit.summary.subject, hit.summary.orgName, hit.snippet]
            }
        ).render()
    }
}
