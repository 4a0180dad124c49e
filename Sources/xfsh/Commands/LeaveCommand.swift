import WireProtocol

/// `/leave`: leaves the open case.
struct LeaveCommand: ShellCommand {
    func run(on shell: Shell) async throws -> String {
        let left = shell.state.update { values -> String? in
            defer { values.openCase = nil }
            return values.openCase?.summary.caseNumber
        }
        guard let left else { throw UsageError("没有打开的案件") }
        return shell.json ? JSONDocument.object(["left": left]) : "已离开 \(left)"
    }
}
