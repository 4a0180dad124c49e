import WireProtocol

/// `/history`: every event of the open case, oldest first.
struct HistoryCommand: ShellCommand {
    let reference: String?

    init(arguments: [String]) throws(UsageError) {
        guard arguments.count <= 1 else { throw UsageError("用法：/history [XF-…]") }
        reference = arguments.first
    }

    func run(on shell: Shell) async throws -> String {
        let number = try reference ?? shell.requireOpenCase().summary.caseNumber
        let response = try await shell.connection.cases.getHistory(.with { $0.caseRef = number })
        if shell.json { return try shell.render(response) }
        if response.events.isEmpty { return "没有事件。" }
        return (["\(number) 全部事件："] + response.events.map { "  #\($0.version) " + EventText.line($0) }).joined(separator: "\n")
    }
}
