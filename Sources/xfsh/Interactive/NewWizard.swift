import Foundation
import WireProtocol

/// `new` step by step: each field is checked as it is typed (✓ or ✗ and why, in the
/// prompt), and Enter on a field that fails keeps the text for correcting.
enum NewWizard {
    /// The filled submission, or nil when the operator cancelled (Ctrl-C, Ctrl-D, or n).
    static func ask(_ interaction: any Interaction) async throws -> Xinfang_V1_Submission? {
        interaction.post("登记新信访事项（Ctrl-C 取消；可空的项直接回车跳过）")
        guard let channelText = await field(.channel, hint: "走访/来电", interaction) else { return nil }
        let channel = IntakeChannel.id(for: channelText) ?? "visit"
        var submission = Xinfang_V1_Submission()
        submission.channel = channel
        guard let name = await field(.name, interaction),
            let phone = await field(.phone(required: channel == "phone"), interaction),
            let idNumber = await field(.idNumber, hint: "可空", interaction),
            let address = await field(.address, hint: "可空", interaction),
            let subject = await field(.subject, interaction),
            let content = await field(.content, interaction),
            let matterClass = await field(.matterClass, hint: "建议意见/检举控告/申诉求决，可空", interaction)
        else { return nil }
        submission.petitioner.name = name
        submission.petitioner.phone = phone
        submission.petitioner.idNumber = idNumber.uppercased()
        submission.petitioner.address = address
        submission.subject = subject
        submission.content = content
        submission.matterClass = MatterClass.id(for: matterClass) ?? ""
        submission.idempotencyKey = NewCommand.newKey()
        let channelLabel = channel == "phone" ? "来电" : channel == "visit" ? "走访" : channel
        interaction.post("  \(channelLabel)  \(name)  \(phone)  事由：\(subject)")
        while true {
            switch await interaction.ask("  确认登记？[y/n] > ", prefill: nil, hint: nil) {
            case .line(let answer) where ["y", "yes", "是", "确认"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()):
                return submission
            case .line(let answer) where ["n", "no", "否", "取消"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()):
                return nil
            case .line:
                continue
            case .endOfInput, .interrupted:
                return nil
            }
        }
    }

    /// One field, asked until it passes; nil when cancelled.
    static func field(_ field: IntakeField, hint: String = "", _ interaction: any Interaction) async -> String? {
        let base = "  \(field.label)" + (hint.isEmpty ? "" : "（\(hint)）")
        var prefill: String?
        while true {
            let input = await interaction.ask(base + " > ", prefill: prefill) { text in
                if text.isEmpty { return base + " > " }
                if let problem = field.problem(text) { return base + " ✗ \(problem) > " }
                return base + " ✓ > "
            }
            switch input {
            case .line(let text):
                let value = text.trimmingCharacters(in: .whitespaces)
                guard let problem = field.problem(value) else { return value }
                interaction.post("  \(field.label)（字段 \(field.path)）：\(problem)")
                prefill = text
            case .endOfInput, .interrupted:
                return nil
            }
        }
    }
}
