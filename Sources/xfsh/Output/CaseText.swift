import WireProtocol

/// A case as text: its summary, content, deadlines, recent thread and the commands valid now.
enum CaseText {
    static func render(_ found: Xinfang_V1_Case, threadShown: Int = 10) -> String {
        let summary = found.summary
        var lines = [
            "\(summary.caseNumber)  \(summary.stateLabel)  \(summary.channelLabel)  \(summary.orgName)",
            "事由：\(summary.subject)",
            "信访人：\(petitioner(summary.petitioner))",
        ]
        if found.contentWithheld {
            lines.append("内容：（依规定对您所在单位保密）")
        } else if !found.content.isEmpty {
            lines.append("内容：\(found.content)")
        }
        if !found.links.isEmpty {
            lines.append("关联：" + found.links.map { "\($0.otherCaseNumber)(\($0.kind))" }.joined(separator: "、"))
        }
        if !found.duplicateCandidates.isEmpty {
            lines.append("疑似重复：" + found.duplicateCandidates.map(\.caseNumber).joined(separator: "、"))
        }
        let thread = found.thread.suffix(threadShown)
        if !thread.isEmpty {
            lines.append("—— 最近动态 ——")
            lines += thread.map { "  " + EventText.line($0) }
        }
        if !found.availableCommands.isEmpty {
            lines.append("可用命令：" + found.availableCommands.map { "/\($0.command) \($0.label)" }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    static func petitioner(_ petitioner: Xinfang_V1_Petitioner) -> String {
        [petitioner.name, petitioner.phone, petitioner.idNumber, petitioner.address].filter { !$0.isEmpty }.joined(separator: "  ")
    }
}
