import Foundation
import WireProtocol

/// `/deadlines`: the open case's deadlines, each with how its date was derived.
struct DeadlinesCommand: ShellCommand {
    init(arguments: [String]) throws(UsageError) {
        guard arguments.isEmpty else { throw UsageError("用法：/deadlines") }
    }

    func run(on shell: Shell) async throws -> String {
        _ = try shell.requireOpenCase()
        let found = try await shell.reloadOpenCase()
        if shell.json {
            return JSONDocument.object([
                "case_number": found.summary.caseNumber, "deadlines": try JSONDocument.values(found.deadlines),
            ])
        }
        if found.deadlines.isEmpty { return "\(found.summary.caseNumber) 没有期限。" }
        var lines: [String] = []
        let now = Date()
        for deadline in found.deadlines {
            let left = try await TimeLeft.phrase(for: deadline, now: now, isWorkingDay: shell.isWorkingDay)
            lines.append("● \(deadline.label)（\(deadline.id)）  到期 \(TimeText.short(deadline.dueAt.date))  \(left)")
            lines += Self.derivation(deadline.derivation).map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// The derivation as lines: the explanation, then the figures it rests on.
    static func derivation(_ derivation: Xinfang_V1_DeadlineDerivation) -> [String] {
        var lines: [String] = []
        if !derivation.explanation.isEmpty { lines.append(derivation.explanation) }
        if !derivation.startedByEvent.isEmpty {
            let start = derivation.hasStartedAt ? TimeText.short(derivation.startedAt.date) : ""
            let next = derivation.countsFromNextDay ? "，次日起算" : ""
            lines.append("起算：第\(derivation.startedByVersion)条事件 \(derivation.startedByEvent) \(start)\(next)；期限 \(derivation.amount) \(unit(derivation.unit))")
        }
        if !derivation.source.isEmpty { lines.append("依据：\(derivation.source)") }
        if !derivation.skipped.isEmpty {
            let days = derivation.skipped.map { $0.name.isEmpty ? "\($0.date)(\(kind($0.kind)))" : "\($0.date)(\($0.name))" }
            lines.append("不计：" + days.joined(separator: "、"))
        }
        if !derivation.makeupDaysCounted.isEmpty { lines.append("计入调休上班日：" + derivation.makeupDaysCounted.joined(separator: "、")) }
        if !derivation.adjustments.isEmpty { lines.append("调整：" + derivation.adjustments.joined(separator: "；")) }
        return lines
    }

    static func unit(_ unit: String) -> String {
        switch unit {
        case "calendar_days", "days": return "日"
        case "working_days": return "个工作日"
        case "hours": return "小时"
        case "working_hours": return "工作小时"
        default: return unit
        }
    }

    static func kind(_ kind: String) -> String {
        switch kind {
        case "weekend": return "周末"
        case "holiday": return "节假日"
        default: return kind
        }
    }
}
