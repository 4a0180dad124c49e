import Foundation
import WireProtocol

/// `list [--state S] [--workflow W] [--channel C] [--org 单位] [--mine] [--overdue]
/// [--due-within HOURS] [--limit N]`: the cases the operator may see, newest change first.
/// States may be given by id (`in_progress`) or label (办理中), orgs by id or name.
struct ListCommand: ShellCommand {
    let flags: Flags
    static let usage = "list [--state 状态] [--workflow W] [--channel C] [--org 单位] [--mine] [--overdue] [--due-within 小时] [--limit N]"

    init(arguments: [String]) throws(UsageError) {
        flags = try Flags(
            arguments, command: "list", valued: ["state", "workflow", "channel", "org", "limit", "due-within", "page"],
            switches: ["mine", "overdue"])
        guard flags.positional.isEmpty else { throw UsageError("用法：\(Self.usage)") }
        _ = try flags.positive("limit", command: "list", max: 200)
        _ = try flags.positive("due-within", command: "list")
    }

    func run(on shell: Shell) async throws -> String {
        var request = Xinfang_V1_ListCasesRequest()
        request.filter.states = try await states(shell)
        request.filter.workflows = flags.all("workflow")
        request.filter.channels = flags.all("channel")
        if let org = flags.last("org") {
            request.filter.orgID = try await shell.resolveOrg(org).id
            request.filter.includeSubOrgs = true
        }
        if flags.has("mine") { request.filter.handlerID = try await shell.me().user.id }
        request.filter.overdueOnly = flags.has("overdue")
        if let hours = try flags.positive("due-within", command: "list") { request.filter.dueWithinHours = UInt32(hours) }
        if let limit = try flags.positive("limit", command: "list", max: 200) { request.page.pageSize = UInt32(limit) }
        if let page = flags.last("page") { request.page.pageToken = page }
        let response = try await shell.connection.cases.listCases(request)
        shell.state.remember(response.cases.map(\.caseNumber))
        if shell.json { return try shell.render(response) }
        if response.cases.isEmpty { return "没有案件。" }
        var text = Self.table(response.cases).render()
        if !response.page.nextPageToken.isEmpty { text += "\n（还有更多：list … --page \(response.page.nextPageToken)）" }
        return text
    }

    /// State ids for the filter: ids pass through; labels (办理中) become the ids that carry them.
    private func states(_ shell: Shell) async throws -> [String] {
        let wanted = flags.all("state")
        guard wanted.contains(where: { !$0.allSatisfy { $0.isASCII } }) else { return wanted }
        let workflows = try await shell.workflows().values
        return try wanted.flatMap { text throws -> [String] in
            if text.allSatisfy({ $0.isASCII }) { return [text] }
            let ids = Set(workflows.flatMap { $0.states.filter { $0.label == text }.map(\.id) })
            guard !ids.isEmpty else { throw UsageError("没有名为「\(text)」的状态") }
            return ids.sorted()
        }
    }

    static func table(_ cases: [Xinfang_V1_CaseSummary]) -> Table {
        Table(
            headers: ["案件编号", "状态", "渠道", "事由", "责任单位", "信访人", "更新时间"],
            rows: cases.map { summary in
                [
                    summary.caseNumber, summary.stateLabel, summary.channelLabel, summary.subject, summary.orgName,
                    summary.petitioner.name, TimeText.short(summary.updatedAt.date),
                ]
            })
    }
}
