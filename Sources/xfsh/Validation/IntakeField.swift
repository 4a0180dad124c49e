/// One field of a walk-in or phone registration, with the check the server would make.
struct IntakeField: Sendable {
    /// The submission's field path, as the server names it in errors (`submission.subject`).
    let path: String
    let label: String
    let required: Bool
    let check: @Sendable (String) -> String?

    /// Nil when `text` is acceptable (empty optional fields are).
    func problem(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return required ? "必填" : nil }
        return check(trimmed)
    }

    static let name = IntakeField(path: "submission.petitioner.name", label: "姓名", required: true) {
        IntakeLimits.length($0, max: IntakeLimits.nameCharacters, required: true)
    }
    static func phone(required: Bool) -> IntakeField {
        IntakeField(path: "submission.petitioner.phone", label: "电话", required: required, check: PhoneNumber.problem)
    }
    static let idNumber = IntakeField(path: "submission.petitioner.id_number", label: "身份证号", required: false, check: IDNumber.problem)
    static let address = IntakeField(path: "submission.petitioner.address", label: "地址", required: false) {
        IntakeLimits.length($0, max: IntakeLimits.addressCharacters, required: false)
    }
    static let subject = IntakeField(path: "submission.subject", label: "事由", required: true) {
        IntakeLimits.length($0, max: IntakeLimits.subjectCharacters, required: true)
    }
    static let content = IntakeField(path: "submission.content", label: "诉求内容", required: true) {
        IntakeLimits.length($0, max: IntakeLimits.contentCharacters, required: true)
    }
    static let matterClass = IntakeField(path: "submission.matter_class", label: "事项类别", required: false) {
        MatterClass.id(for: $0) == nil ? "应为 建议意见(suggestion)、检举控告(accusation) 或 申诉求决(claim)" : nil
    }
    static let channel = IntakeField(path: "submission.channel", label: "登记方式", required: false) {
        IntakeChannel.id(for: $0) == nil ? "应为 走访(visit)、来电(phone)、来信(letter) 或 网上(online)" : nil
    }
}

/// Intake channels an operator registers by hand, by id or Chinese name.
enum IntakeChannel {
    static let names: [String: String] = [
        "visit": "visit", "走访": "visit", "来访": "visit", "phone": "phone", "来电": "phone", "电话": "phone",
        "letter": "letter", "来信": "letter", "online": "online", "网上": "online",
    ]
    static func id(for text: String) -> String? { names[text.trimmingCharacters(in: .whitespaces)] }
}

/// Matter classes of the xinfang workflow, by id or Chinese name.
enum MatterClass {
    static let names: [String: String] = [
        "suggestion": "suggestion", "建议意见": "suggestion", "建议": "suggestion", "accusation": "accusation",
        "检举控告": "accusation", "检举": "accusation", "claim": "claim", "申诉求决": "claim", "求决": "claim",
    ]
    static func id(for text: String) -> String? { names[text.trimmingCharacters(in: .whitespaces)] }
}

import Foundation
