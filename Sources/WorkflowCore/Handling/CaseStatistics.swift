/// The figures supervisors and leaders read, each computed from counted events and
/// explained by the event types it counts (so every figure can be traced to stored events).
public struct CaseStatistic: Hashable, Sendable {
    public var id: String
    public var label: String
    public var value: Double
    public var numerator: Int
    public var denominator: Int
    public var explanation: String
}

public enum CaseStatistics {
    /// Event types that count as acceptance across the shipped workflows: 受理 (xinfang),
    /// 签收 (hotline), 立案 (grid).
    public static let acceptedTypes = ["accepted", "signed", "filed"]

    /// Computes the figures from event counts (`type` or `type#field=value` → count).
    public static func figures(from counts: [String: Int]) -> [CaseStatistic] {
        func sum(_ keys: [String]) -> Int { keys.reduce(0) { $0 + (counts[$1] ?? 0) } }
        func rate(_ numerator: Int, _ denominator: Int) -> Double {
            denominator == 0 ? 0 : Double(numerator) / Double(denominator)
        }
        let received = sum([CaseEventType.registered])
        let accepted = sum(acceptedTypes)
        let met = sum([CaseEventType.deadlineMet])
        let breached = sum([CaseEventType.deadlineBreached])
        let satisfactionKeys = counts.keys.filter { $0.contains("#satisfaction=") }
        let surveyed = sum(satisfactionKeys)
        let satisfied = sum(satisfactionKeys.filter { $0.hasSuffix("=satisfied") || $0.hasSuffix("=basically_satisfied") })
        let repeats = sum(["duplicates_suspected"])
        return [
            CaseStatistic(
                id: "received", label: "受理登记量", value: Double(received), numerator: received, denominator: 0,
                explanation: "登记事件（registered）的数量"),
            CaseStatistic(
                id: "accepted", label: "受理量", value: Double(accepted), numerator: accepted, denominator: 0,
                explanation: "受理/签收/立案事件（\(acceptedTypes.joined(separator: "、"))）的数量"),
            CaseStatistic(
                id: "on_time_rate", label: "按期办结率", value: rate(met, met + breached), numerator: met,
                denominator: met + breached,
                explanation: "按期完成的期限（deadline_met）÷（按期完成 + 超期 deadline_breached）"),
            CaseStatistic(
                id: "overdue", label: "超期数", value: Double(breached), numerator: breached, denominator: 0,
                explanation: "超期事件（deadline_breached）的数量"),
            CaseStatistic(
                id: "satisfaction_rate", label: "满意率", value: rate(satisfied, surveyed), numerator: satisfied,
                denominator: surveyed,
                explanation: "评价为满意或基本满意的次数 ÷ 全部评价次数（带 satisfaction 字段的评价事件）"),
            CaseStatistic(
                id: "repeat_rate", label: "重复信访率", value: rate(repeats, received), numerator: repeats,
                denominator: received,
                explanation: "登记时发现疑似重复（duplicates_suspected）的案件数 ÷ 登记数"),
        ]
    }
}
