import WireProtocol

/// `open XF-YYYY-NNNNNN`: enters a case. Its summary and recent thread are shown; from then
/// on a plain line is a note on it and `/command …` acts on it, until `/leave`.
struct OpenCommand: ShellCommand {
    let reference: String

    init(arguments: [String]) throws(UsageError) {
        guard arguments.count == 1 else { throw UsageError("用法：open XF-YYYY-NNNNNN") }
        reference = arguments[0]
    }

    func run(on shell: Shell) async throws -> String {
        let found = try await shell.connection.cases.getCase(.with {
            $0.caseRef = reference
            $0.threadLimit = 20
        })
        shell.state.update { $0.openCase = found }
        shell.state.remember([found.summary.caseNumber])
        if shell.json { return try shell.render(found) }
        return CaseText.render(found) + "\n（已进入案件：直接输入文字即为备注；/help 查看可用命令；/leave 离开）"
    }
}
