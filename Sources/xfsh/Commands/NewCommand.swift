import Foundation
import WireProtocol

/// `new`: registers a walk-in visit, a letter or a call from flags:
/// `new --subject 事由 --content 内容 --name 姓名 [--phone P] [--id-number N] [--address A]
///      [--channel visit|letter|phone|online] [--class suggestion|accusation|claim] [--key K]`.
struct NewCommand {
    var submission = Xinfang_V1_Submission()

    init(arguments: [String]) throws(UsageError) {
        submission.channel = "visit"
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw UsageError("\(flag) 需要一个值") }
            switch flag {
            case "--subject": submission.subject = value
            case "--content": submission.content = value
            case "--name": submission.petitioner.name = value
            case "--phone": submission.petitioner.phone = value
            case "--id-number": submission.petitioner.idNumber = value
            case "--address": submission.petitioner.address = value
            case "--channel": submission.channel = value
            case "--class": submission.matterClass = value
            case "--workflow": submission.workflow = value
            case "--org": submission.orgID = value
            case "--key": submission.idempotencyKey = value
            default: throw UsageError("new 不认识参数 \(flag)")
            }
        }
        for (flag, value) in [("--subject", submission.subject), ("--content", submission.content)] where value.isEmpty {
            throw UsageError("new 需要 \(flag)")
        }
        if submission.idempotencyKey.isEmpty { submission.idempotencyKey = "xfsh-" + UUID().uuidString.lowercased() }
    }

    func run(on shell: Shell) async throws -> String {
        let response = try await shell.connection.intake.submit(.with { $0.submission = submission })
        if shell.json { return try shell.render(response) }
        return response.created ? "已登记 \(response.caseNumber)" : "该提交已登记过：\(response.caseNumber)"
    }
}
