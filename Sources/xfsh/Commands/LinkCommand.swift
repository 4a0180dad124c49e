import WireProtocol

/// `/link XF-… [duplicate|merge|repeat_of|dismiss] [原因…]`: links the open case to another
/// (or dismisses a duplicate candidate).
struct LinkCommand: ShellCommand {
    let other: String
    let kind: String
    let reason: String
    static let kinds = ["duplicate", "merge", "repeat_of", "dismiss"]

    init(arguments: [String]) throws(UsageError) {
        guard let other = arguments.first else {
            throw UsageError("用法：/link XF-… [\(Self.kinds.joined(separator: "|"))] [原因]")
        }
        self.other = other
        var rest = Array(arguments.dropFirst())
        if let first = rest.first, Self.kinds.contains(first) {
            kind = first
            rest.removeFirst()
        } else {
            kind = "duplicate"
        }
        reason = rest.joined(separator: " ")
    }

    func run(on shell: Shell) async throws -> String {
        let open = try shell.requireOpenCase()
        let response = try await shell.connection.cases.linkCases(.with {
            $0.caseRef = open.summary.caseNumber
            $0.otherCaseRef = other
            $0.kind = kind
            $0.reason = reason
        })
        shell.state.remember([other])
        _ = try? await shell.reloadOpenCase()
        if shell.json { return try shell.render(response) }
        return ActText.render(response)
    }
}
