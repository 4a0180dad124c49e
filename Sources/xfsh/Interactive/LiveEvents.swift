import Foundation
import Synchronization
import GRPCCore
import WireProtocol

/// The background Watch stream of the interactive shell: new cases for the operator's orgs,
/// deadline warnings, cases transferred in, and what others do on the open case appear above
/// the prompt. A lost stream is announced, retried, and resumed from the last position, so
/// no event in between is missed.
struct LiveEvents: Sendable {
    let shell: Shell
    /// Shows a line above the prompt.
    let post: @Sendable (String) -> Void
    /// Called after the open case changed under the operator (the prompt shows its state).
    let openCaseChanged: @Sendable () async -> Void

    func run() async {
        let lost = Flag()
        var delay = Duration.milliseconds(300)
        while !Task.isCancelled {
            let cursor = shell.state.read(\.lastPosition)
            do {
                try await shell.connection.events.watch(.with { $0.afterPosition = cursor }) { response in
                    guard case .success = response.accepted else { return }
                    if lost.exchange(false) {
                        post("✓ 已重新连接服务器")
                    }
                    for try await item in response.messages {
                        switch item.item {
                        case .event(let event): await show(event)
                        case .heartbeat(let beat): shell.state.update { $0.lastPosition = max($0.lastPosition, beat.headPosition) }
                        case nil: break
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
            }
            if Task.isCancelled { return }
            if !lost.exchange(true) {
                post(Self.notice("与服务器的连接中断，正在重连……（输入的内容不会丢失）"))
                delay = .milliseconds(300)
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(3))
        }
    }

    private func show(_ event: Xinfang_V1_CaseEvent) async {
        shell.state.update { $0.lastPosition = max($0.lastPosition, event.position) }
        shell.state.remember([event.caseNumber])
        let me = shell.state.read(\.me)
        let mine = event.actor.id == me?.user.id
        if event.caseNumber == shell.state.openCaseNumber {
            if !mine, !Self.bookkeeping.contains(event.type) { post("【\(event.caseNumber)】\(EventText.who(event))  \(EventText.what(event))") }
            await openCaseChanged()
            return
        }
        if let line = Self.feedLine(event, me: me), !mine || Self.alerts.contains(event.type) { post(line) }
    }

    /// Deadline events that warn the operator.
    static let alerts: Set<String> = ["deadline_warned", "deadline_breached"]
    /// Deadline events the system records as it keeps time; the prompt shows their effect.
    static let bookkeeping: Set<String> = [
        "deadline_started", "deadline_met", "deadline_paused", "deadline_resumed", "deadline_extended", "deadline_cancelled",
    ]

    /// What the feed says about an event of a case the operator has not opened, or nil for
    /// events it leaves to `watch`.
    static func feedLine(_ event: Xinfang_V1_CaseEvent, me: Xinfang_V1_WhoAmIResponse?) -> String? {
        if event.type == "registered" {
            let summary = event.registered.summary
            return "【新案件】\(event.caseNumber)  \(summary.channelLabel)  \(summary.subject)  （\(summary.orgName)）"
        }
        if alerts.contains(event.type) {
            let due = event.deadline.hasDueAt ? "，到期 \(TimeText.short(event.deadline.dueAt.date))" : ""
            return "【期限提醒】\(event.caseNumber)  \(event.label)：\(event.deadline.label)\(due)"
        }
        if let target = event.fields.first(where: { $0.name == "target_org" })?.value,
            me?.scopeOrgIds.contains(target) ?? false
        {
            return "【转来案件】\(event.caseNumber)  \(EventText.who(event)) \(event.label)"
        }
        return nil
    }

    static func notice(_ text: String) -> String { "⚠ " + text }
}

/// A flag shared with the stream's handler.
private final class Flag: Sendable {
    private let value = Mutex(false)

    /// Sets the flag and returns what it was.
    func exchange(_ new: Bool) -> Bool {
        value.withLock { old in
            defer { old = new }
            return old
        }
    }
}
