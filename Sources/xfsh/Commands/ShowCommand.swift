import WireProtocol

/// `show [XF-YYYY-NNNNNN]`: a case's summary, content and recent thread (the open case
/// when no number is given), without opening it.
struct ShowCommand: ShellCommand {
    let reference: String?

    init(arguments: [String]) throws(UsageError) {
        guard arguments.count <= 1 else { throw UsageError("用法：show [XF-YYYY-NNNNNN]") }
        reference = arguments.first
    }

    func run(on shell: Shell) async throws -> String {
        let found: Xinfang_V1_Case
        if let reference {
            found = try await shell.connection.cases.getCase(.with { $0.caseRef = reference })
        } else {
            _ = try shell.requireOpenCase()
            found = try await shell.reloadOpenCase()
        }
        shell.state.remember([found.summary.caseNumber])
        if shell.json { return try shell.render(found) }
        return CaseText.render(found)
    }
}
