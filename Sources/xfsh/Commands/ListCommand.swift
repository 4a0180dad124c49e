import Foundation
import SwiftProtobuf
import WireProtocol

/// `list`: the cases the operator may see, newest change first.
struct ListCommand {
    var request = Xinfang_V1_ListCasesRequest()

    init(arguments: [String]) throws(UsageError) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw UsageError("\(flag) 需要一个值") }
            switch flag {
            case "--state": request.filter.states.append(value)
            case "--workflow": request.filter.workflows.append(value)
            case "--channel": request.filter.channels.append(value)
            case "--org":
                request.filter.orgID = value
                request.filter.includeSubOrgs = true
            case "--limit":
                guard let limit = UInt32(value), limit > 0 else { throw UsageError("--limit 需要正整数") }
                request.page.pageSize = limit
            default: throw UsageError("list 不认识参数 \(flag)")
            }
        }
    }

    func run(on shell: Shell) async throws -> String {
        let response = try await shell.connection.cases.listCases(request)
        if shell.json { return try shell.render(response) }
        if response.cases.isEmpty { return "没有案件。" }
        let table = Table(
            headers: ["案件编号", "状态", "渠道", "事由", "责任单位", "信访人", "更新时间"],
            rows: response.cases.map { summary in
                [
                    summary.caseNumber, summary.stateLabel, summary.channelLabel, summary.subject, summary.orgName,
                    summary.petitioner.name, TimeText.short(summary.updatedAt.date),
                ]
            })
        return table.render()
    }
}

/// `show CASE`: a case's summary, content and recent thread.
struct ShowCommand {
    let reference: String

    init(arguments: [String]) throws(UsageError) {
        guard arguments.count == 1 else { throw UsageError("用法：show XF-YYYY-NNNNNN") }
        reference = arguments[0]
    }

    func run(on shell: Shell) async throws -> String {
        let found = try await shell.connection.cases.getCase(.with { $0.caseRef = reference })
        if shell.json { return try shell.render(found) }
        let summary = found.summary
        var lines = [
            "\(summary.caseNumber)  \(summary.stateLabel)  \(summary.channelLabel)  \(summary.orgName)",
            "事由：\(summary.subject)",
            "信访人：\(summary.petitioner.name)  \(summary.petitioner.phone)",
        ]
        if found.contentWithheld { lines.append("内容：（依规定对您所在单位保密）") } else { lines.append("内容：\(found.content)") }
        for event in found.thread {
            lines.append("  \(TimeText.short(event.at.date))  \(event.actor.displayName)  \(event.label)\(event.text.isEmpty ? "" : "：\(event.text)")")
        }
        return lines.joined(separator: "\n")
    }
}

/// Times as operators read them: Beijing time.
enum TimeText {
    static func short(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
