import WireProtocol

/// A plain line inside a case (or `/note …`): a note on the case's thread.
struct NoteCommand: ShellCommand {
    let text: String
    /// Mirrors the server's `Limits.noteCharacters`.
    static let maxCharacters = 4_000

    init(text: String) { self.text = text }

    init(arguments: [String]) throws(UsageError) {
        guard !arguments.isEmpty else { throw UsageError("用法：/note 备注内容") }
        text = arguments.joined(separator: " ")
    }

    func run(on shell: Shell) async throws -> String {
        let open = try shell.requireOpenCase()
        guard text.count <= Self.maxCharacters else {
            throw UsageError("备注过长：\(text.count) 字，上限 \(Self.maxCharacters) 字（字段 text）")
        }
        let response = try await shell.connection.cases.addNote(.with {
            $0.caseRef = open.summary.caseNumber
            $0.text = text
        })
        _ = try? await shell.reloadOpenCase()
        if shell.json { return try shell.render(response) }
        return "  ✓ 备注已记录（\(response.caseNumber) 第\(response.version)条）"
    }
}
