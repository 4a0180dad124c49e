import Foundation
import WireProtocol

/// `new`: registers a walk-in visit or a phone call. Typed alone in the interactive shell it
/// asks field by field, checking each as it is typed; scripts give flags:
/// `new --subject 事由 --content 内容 --name 姓名 [--phone P] [--id-number N] [--address A]
///      [--channel visit|phone|letter|online] [--class suggestion|accusation|claim] [--key K]`.
struct NewCommand: ShellCommand {
    /// Nil: ask step by step.
    let submission: Xinfang_V1_Submission?

    init(arguments: [String]) throws(UsageError) {
        guard !arguments.isEmpty else {
            submission = nil
            return
        }
        let flags = try Flags(
            arguments, command: "new",
            valued: ["subject", "content", "name", "phone", "id-number", "address", "channel", "class", "workflow", "org", "key"])
        guard flags.positional.isEmpty else { throw UsageError("new 不认识参数 \(flags.positional[0])") }
        var submission = Xinfang_V1_Submission()
        let channelText = flags.last("channel") ?? "visit"
        submission.channel = IntakeChannel.id(for: channelText) ?? channelText
        let checks: [(String, IntakeField)] = [
            ("name", .name), ("phone", .phone(required: submission.channel == "phone")), ("id-number", .idNumber),
            ("address", .address), ("subject", .subject), ("content", .content), ("class", .matterClass),
        ]
        for (flag, field) in checks {
            if let problem = field.problem(flags.last(flag) ?? "") {
                throw UsageError("--\(flag)（\(field.label)，字段 \(field.path)）：\(problem)")
            }
        }
        submission.subject = flags.last("subject") ?? ""
        submission.content = flags.last("content") ?? ""
        submission.petitioner.name = flags.last("name") ?? ""
        submission.petitioner.phone = flags.last("phone") ?? ""
        submission.petitioner.idNumber = (flags.last("id-number") ?? "").uppercased()
        submission.petitioner.address = flags.last("address") ?? ""
        submission.matterClass = flags.last("class").flatMap(MatterClass.id(for:)) ?? ""
        submission.workflow = flags.last("workflow") ?? ""
        submission.orgID = flags.last("org") ?? ""
        submission.idempotencyKey = flags.last("key") ?? Self.newKey()
        self.submission = submission
    }

    static func newKey() -> String { "xfsh-" + UUID().uuidString.lowercased() }

    func run(on shell: Shell) async throws -> String {
        var submission: Xinfang_V1_Submission
        if let given = self.submission {
            submission = given
        } else {
            guard let interaction = shell.interaction else {
                throw UsageError("new 需要 --subject、--content、--name 等参数（逐步登记只在交互模式中可用）")
            }
            guard let asked = try await NewWizard.ask(interaction) else { return shell.json ? #"{"cancelled":true}"# : "已取消登记。" }
            submission = asked
        }
        if !submission.orgID.isEmpty { submission.orgID = try await shell.resolveOrg(submission.orgID).id }
        let response = try await shell.connection.intake.submit(.with { $0.submission = submission })
        shell.state.remember([response.caseNumber])
        if shell.json { return try shell.render(response) }
        // Duplicate candidates are found just after registration: `show` and `open` list them,
        // and an open case's live events announce them.
        let text = response.created ? "已登记 \(response.caseNumber)" : "该提交已登记过：\(response.caseNumber)"
        return text + "\n  输入 open \(response.caseNumber) 进入案件"
    }
}
