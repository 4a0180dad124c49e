import WireProtocol

/// `/help` inside a case: the workflow commands valid now (from the workflow data, for the
/// operator's role), then the chat commands.
struct CaseHelpCommand: ShellCommand {
    static let chatCommands: [(String, String)] = [
        ("文字（不以 / 开头）", "添加备注"),
        ("/history", "全部事件"),
        ("/deadlines", "期限及其计算依据"),
        ("/reveal 原因", "查看信访人完整信息（记入审计）"),
        ("/link XF-… [duplicate|merge|repeat_of|dismiss] [原因]", "关联案件"),
        ("/show", "重新显示案件"),
        ("/leave", "离开案件"),
    ]

    func run(on shell: Shell) async throws -> String {
        _ = try shell.requireOpenCase()
        let found = try await shell.reloadOpenCase()
        let rules = try await shell.workflows()[found.summary.workflow]
        if shell.json {
            return JSONDocument.object([
                "case_number": found.summary.caseNumber, "state": found.summary.state,
                "available_commands": try JSONDocument.values(found.availableCommands),
                "chat_commands": Self.chatCommands.map { ["usage": $0.0, "description": $0.1] },
            ])
        }
        var lines = ["\(found.summary.caseNumber) 当前「\(found.summary.stateLabel)」，可执行："]
        if found.availableCommands.isEmpty { lines.append("  （没有您可执行的流程命令）") }
        let usages = found.availableCommands.map { info in
            let transition = rules?.transitions.first { $0.command == info.command }
            let fields = info.requiredFields.map { field -> String in
                let rule = transition?.requiredFields.first { $0.name == field }
                let label = rule?.label ?? field
                return rule?.oneOf.isEmpty == false ? "<\(label):\(rule!.oneOf.joined(separator: "|"))>" : "<\(label)>"
            }
            return ("/" + ([info.command] + fields).joined(separator: " "), info.label)
        }
        let all = usages + Self.chatCommands
        let width = min(48, all.map { DisplayWidth.of($0.0) }.max() ?? 0)
        lines += usages.map { "  " + DisplayWidth.pad($0.0, to: max(width, DisplayWidth.of($0.0))) + "  " + $0.1 }
        lines.append("聊天命令：")
        lines += Self.chatCommands.map { "  " + DisplayWidth.pad($0.0, to: width) + "  " + $0.1 }
        lines.append("常用别名：/accept（受理/签收） /transfer（转送/派单） /extend（申请延期） /reply（答复） /close（办结）")
        return lines.joined(separator: "\n")
    }
}
