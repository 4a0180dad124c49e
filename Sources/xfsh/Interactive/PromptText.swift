import Foundation
import WireProtocol

/// The prompt says where the operator is: `XF-2026-000123 办理中 还剩3个工作日 > ` inside a
/// case, `xfsh 张三 > ` outside.
enum PromptText {
    static func make(_ shell: Shell, now: Date = Date()) async -> String {
        guard let open = shell.state.openCase else {
            let name = shell.state.read { $0.me?.user.displayName } ?? ""
            return name.isEmpty ? "xfsh > " : "xfsh \(name) > "
        }
        var parts = [open.summary.caseNumber, open.summary.stateLabel]
        if let deadline = TimeLeft.nearest(open),
            let left = try? await TimeLeft.phrase(for: deadline, now: now, isWorkingDay: shell.isWorkingDay)
        {
            parts.append(left)
        }
        return parts.joined(separator: " ") + " > "
    }
}
