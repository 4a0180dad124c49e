import WireProtocol

/// `/<command> …` on the open case: any command its workflow allows now, by id (`/accept`,
/// `/forward`) or by the shell's common names (`/transfer`, `/extend`, `/close`, `/reply`).
struct WorkflowCommand: ShellCommand {
    let name: String
    let arguments: [String]

    /// Common names and the workflow commands they stand for, tried in order.
    static let aliases: [String: [String]] = [
        "accept": ["accept", "sign"],
        "transfer": ["transfer", "forward", "dispatch", "assign"],
        "extend": ["extend", "request_extension"],
        "close": ["close", "archive"],
        "reply": ["reply", "respond_suggestion", "answer_accusation", "answer_directly"],
    ]

    init(name: String, arguments: [String]) throws(UsageError) {
        guard FieldMapper.isFieldName(Substring(name)) else { throw UsageError("未知命令 /\(name)；输入 /help 查看可用命令") }
        self.name = name
        self.arguments = arguments
    }

    /// The available command `name` stands for.
    static func resolve(_ name: String, in available: [Xinfang_V1_CommandInfo]) -> Xinfang_V1_CommandInfo? {
        for candidate in [name] + (aliases[name] ?? []) {
            if let info = available.first(where: { $0.command == candidate }) { return info }
        }
        return nil
    }

    func run(on shell: Shell) async throws -> String {
        _ = try shell.requireOpenCase()
        let found = try await shell.reloadOpenCase()
        let summary = found.summary
        guard let info = Self.resolve(name, in: found.availableCommands) else {
            let valid = found.availableCommands.map { "/\($0.command)" }.joined(separator: " ")
            throw UsageError(
                "\(summary.caseNumber) 当前为「\(summary.stateLabel)」，您不能执行 /\(name)。"
                    + (valid.isEmpty ? "现在没有可执行的命令。" : "可用：\(valid)"))
        }
        let rules = try await shell.fieldRules(workflow: summary.workflow, command: info.command, state: summary.state)
        let specs = info.requiredFields.map { field in
            FieldSpec(
                name: field, label: rules[field]?.label ?? field, choices: rules[field]?.oneOf ?? [],
                isOrg: field == "target_org", maxLength: Int(rules[field]?.maxLength ?? 0))
        }
        var mapping = FieldMapper.map(arguments, required: specs)
        if !mapping.missing.isEmpty {
            guard let interaction = shell.interaction else {
                let needed = mapping.missing.map { spec in
                    spec.choices.isEmpty ? "\(spec.label)（\(spec.name)）" : "\(spec.label)（\(spec.name)：\(spec.choices.joined(separator: "|"))）"
                }
                throw UsageError("/\(info.command) 还需要：\(needed.joined(separator: "、"))。可写成 /\(info.command) \(mapping.missing.map { "\($0.name)=…" }.joined(separator: " "))")
            }
            for spec in mapping.missing {
                mapping.fields[spec.name] = try await FieldPrompt.ask(spec, interaction: interaction)
            }
        }
        if !mapping.leftover.isEmpty {
            guard mapping.fields["reason"] == nil else { throw UsageError("多余的内容：\(mapping.leftover)") }
            // Text beyond the required fields travels as the command's `reason` (kept on the record).
            mapping.fields["reason"] = mapping.leftover
        }
        var fields: [Xinfang_V1_Field] = []
        for spec in specs { try FieldPrompt.check(mapping.fields[spec.name] ?? "", spec) }
        for (field, value) in mapping.fields.sorted(by: { $0.key < $1.key }) {
            let spec = specs.first { $0.name == field }
            let sent = spec?.isOrg == true ? try await shell.resolveOrg(value).id : value
            fields.append(.with {
                $0.name = field
                $0.value = sent
            })
        }
        let response = try await shell.connection.cases.act(.with {
            $0.caseRef = summary.caseNumber
            $0.command = info.command
            $0.fields = fields
            $0.expectedVersion = summary.version
        })
        _ = try? await shell.reloadOpenCase()
        if shell.json { return try shell.render(response) }
        return ActText.render(response)
    }
}
