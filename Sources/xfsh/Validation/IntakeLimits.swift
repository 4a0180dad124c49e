/// The server's limits on a submission (WorkflowCore `Limits`), checked as the operator
/// types so a registration is refused before it is sent, naming the same field and limit.
enum IntakeLimits {
    static let subjectCharacters = 200
    static let contentCharacters = 20_000
    static let nameCharacters = 64
    static let phoneCharacters = 32
    static let addressCharacters = 256

    /// Nil when `text` fits, else the problem.
    static func length(_ text: String, max: Int, required: Bool) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if required, trimmed.isEmpty { return "必填" }
        if text.count > max { return "过长：\(text.count)字，上限\(max)字" }
        return nil
    }
}

import Foundation
