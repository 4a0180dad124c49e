import Foundation
import SwiftProtobuf
import WireProtocol

/// `stats [--org 单位] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: per-org figures, each with
/// how it was computed.
struct StatsCommand: ShellCommand {
    let org: String?
    let from: CivilDay?
    let to: CivilDay?

    init(arguments: [String]) throws(UsageError) {
        let flags = try Flags(arguments, command: "stats", valued: ["org", "from", "to"])
        guard flags.positional.isEmpty else { throw UsageError("用法：stats [--org 单位] [--from YYYY-MM-DD] [--to YYYY-MM-DD]") }
        org = flags.last("org")
        from = try Self.day(flags.last("from"), flag: "from")
        to = try Self.day(flags.last("to"), flag: "to")
    }

    static func day(_ text: String?, flag: String) throws(UsageError) -> CivilDay? {
        guard let text else { return nil }
        guard let day = CivilDay(text) else { throw UsageError("stats 的 --\(flag) 应为 YYYY-MM-DD，而不是 `\(text)`") }
        return day
    }

    /// Midnight at the site of a civil day, as the instant the server counts from.
    static func instant(_ day: CivilDay) -> Google_Protobuf_Timestamp {
        Google_Protobuf_Timestamp(seconds: Int64(day.dayNumber * 86_400 - CivilDay.siteUTCOffsetSeconds), nanos: 0)
    }

    func run(on shell: Shell) async throws -> String {
        var request = Xinfang_V1_GetStatisticsRequest()
        if let org { request.orgID = try await shell.resolveOrg(org).id }
        if let from { request.from = Self.instant(from) }
        // `--to` names the last day counted; the server's end is exclusive.
        if let to { request.to = Self.instant(to.adding(days: 1)) }
        let response = try await shell.connection.admin.getStatistics(request)
        if shell.json { return try shell.render(response) }
        var blocks: [String] = []
        for org in response.orgs {
            let rows = org.figures.map { figure in
                [figure.label, Self.value(figure), figure.id.hasSuffix("_rate") ? "\(figure.numerator)/\(figure.denominator)" : ""]
            }
            // Every figure is explained in full: how it is counted, from which events.
            let explanations = org.figures.map { "  \($0.label)：\($0.explanation)" }
            blocks.append(
                (["【\(org.orgName)】", Table(headers: ["指标", "数值", "分子/分母"], rows: rows).render(), "计算方法："] + explanations)
                    .joined(separator: "\n"))
        }
        return blocks.isEmpty ? "没有统计数据。" : blocks.joined(separator: "\n\n")
    }

    static func value(_ figure: Xinfang_V1_Statistic) -> String {
        guard figure.id.hasSuffix("_rate") else { return String(Int(figure.value)) }
        return figure.denominator == 0 ? "—" : String(format: "%.1f%%", figure.value * 100)
    }
}
