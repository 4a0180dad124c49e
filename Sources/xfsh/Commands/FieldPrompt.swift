/// Asking for a field a command still needs, checking it as it is typed.
enum FieldPrompt {
    /// The server's general limit for a command field (`Limits.fieldCharacters`).
    static let defaultMaxLength = 4_000

    static func ask(_ spec: FieldSpec, interaction: any Interaction) async throws -> String {
        let choices = spec.choices.isEmpty ? "" : "[\(spec.choices.joined(separator: "/"))]"
        let base = "  \(spec.label)\(choices)"
        while true {
            let input = await interaction.ask(base + " > ", prefill: nil) { text in
                guard !text.isEmpty else { return base + " > " }
                return base + ((try? check(text, spec)) != nil ? " ✓ > " : " ✗ > ")
            }
            switch input {
            case .line(let text):
                let value = text.trimmingCharacters(in: .whitespaces)
                do {
                    try check(value, spec)
                    return value
                } catch {
                    interaction.post("  \(error.description)")
                }
            case .endOfInput, .interrupted:
                throw UsageError("已取消")
            }
        }
    }

    /// A value the server would refuse, refused here first with the same field and limit.
    static func check(_ value: String, _ spec: FieldSpec) throws(UsageError) {
        if value.trimmingCharacters(in: .whitespaces).isEmpty { throw UsageError("需要\(spec.label)（字段 \(spec.name)）") }
        if !spec.choices.isEmpty, !spec.choices.contains(value) {
            throw UsageError("\(spec.label)（字段 \(spec.name)）应为 \(spec.choices.joined(separator: "、")) 之一")
        }
        let limit = spec.maxLength > 0 ? spec.maxLength : defaultMaxLength
        if value.count > limit { throw UsageError("\(spec.label)过长：\(value.count) 字，上限 \(limit) 字（字段 \(spec.name)）") }
    }
}

import Foundation
