import WireProtocol

/// Tab completion: command names, case numbers (from lists, opened cases and live events),
/// org names, state labels, and the workflow commands valid now on the open case.
struct Completer: Sendable {
    let state: SessionState

    /// Commands whose first argument is a case number.
    static let caseArgument: Set<String> = ["open", "show", "/open", "/show", "/link", "/history"]
    /// Flags whose value is an org.
    static let orgFlags: Set<String> = ["--org", "--parent"]

    /// Whole-word candidates for the word being typed at the end of `before`.
    func candidates(_ before: String) -> [String] {
        let (words, word) = Words.lastWord(before)
        let values = state.read { $0 }
        let inCase = values.openCase != nil
        guard let command = words.first else {
            if word.hasPrefix("/") { return Self.matching(word, slashCommands(values)) }
            if inCase { return [] }
            return Self.matching(word, CommandLineParser.commands.keys.filter { $0 != "?" }.sorted())
        }
        let previous = words.last ?? ""
        if Self.caseArgument.contains(command) && words.count == 1 || previous == "--case" {
            return Self.caseNumbers(word, values.knownCases)
        }
        if Self.orgFlags.contains(previous) || isOrgArgument(command, position: words.count, values) {
            return Self.matching(word, (values.orgs ?? []).map(\.name), containing: true)
        }
        if previous == "--state" {
            let labels = Set((values.workflows ?? [:]).values.flatMap { $0.states.map(\.label) })
            return Self.matching(word, labels.sorted(), containing: true)
        }
        if previous == "--channel" { return Self.matching(word, ["visit", "phone", "letter", "online", "hotline12345", "grid"]) }
        return []
    }

    /// `/name` forms valid now: chat commands, shell commands, and the open case's workflow commands.
    private func slashCommands(_ values: SessionState.Values) -> [String] {
        var names = Set(CommandLineParser.commands.keys.filter { $0 != "?" })
        if let open = values.openCase {
            names.formUnion(CommandLineParser.caseCommands.keys)
            let available = open.availableCommands
            names.formUnion(available.map(\.command))
            for alias in WorkflowCommand.aliases.keys where WorkflowCommand.resolve(alias, in: available) != nil {
                names.insert(alias)
            }
        }
        return names.sorted().map { "/" + $0 }
    }

    /// The first argument of a workflow command whose first field is an org (`/transfer 住建局`).
    private func isOrgArgument(_ command: String, position: Int, _ values: SessionState.Values) -> Bool {
        guard command.hasPrefix("/"), position == 1, let open = values.openCase else { return false }
        let info = WorkflowCommand.resolve(String(command.dropFirst()), in: open.availableCommands)
        return info?.requiredFields.first == "target_org"
    }

    /// Case numbers starting with the word; failing that, ending with it (`123` finds XF-2026-000123).
    static func caseNumbers(_ word: String, _ known: [String]) -> [String] {
        let prefixed = known.filter { $0.hasPrefix(word.uppercased()) }
        if !prefixed.isEmpty || word.isEmpty { return prefixed.sorted() }
        return known.filter { $0.hasSuffix(word) }.sorted()
    }

    static func matching(_ word: String, _ options: [String], containing: Bool = false) -> [String] {
        let prefixed = options.filter { $0.hasPrefix(word) }
        if !prefixed.isEmpty || !containing || word.isEmpty { return prefixed }
        return options.filter { $0.contains(word) || OrgMatch.isSubsequence(word, of: $0) }
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Choices laid out in columns that fit the terminal.
    static func layout(_ choices: [String], columns: Int) -> String {
        let shown = Array(choices.prefix(60))
        let width = (shown.map(DisplayWidth.of).max() ?? 0) + 2
        let perLine = max(1, columns / max(width, 1))
        var lines: [String] = []
        var index = 0
        while index < shown.count {
            let row = shown[index..<min(index + perLine, shown.count)]
            lines.append(row.map { DisplayWidth.pad($0, to: width) }.joined().trimmingCharacters(in: .whitespaces))
            index += perLine
        }
        if choices.count > shown.count { lines.append("…（共 \(choices.count) 项）") }
        return lines.joined(separator: "\n")
    }
}
