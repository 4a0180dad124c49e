import WireProtocol

/// `plugins`: the plugins the daemon runs, their state and outbox; `plugins restart NAME`
/// restarts one (admin), forgetting its failures.
struct PluginsCommand: ShellCommand {
    static let usage = "用法：plugins | plugins restart 插件名"

    /// The plugin to restart; nil: list them.
    let restart: String?

    init(arguments: [String]) throws(UsageError) {
        switch arguments.count {
        case 0: restart = nil
        case 2 where arguments[0] == "restart": restart = arguments[1]
        default: throw UsageError(Self.usage)
        }
    }

    func run(on shell: Shell) async throws -> String {
        if let restart {
            let status = try await shell.connection.admin.restartPlugin(.with { $0.name = restart })
            if shell.json { return try shell.render(status) }
            return "已请求重启插件 \(status.name)，当前状态：\(Self.stateLabel(status.state))"
        }
        let response = try await shell.connection.admin.listPlugins(.init())
        if shell.json { return try shell.render(response) }
        if response.plugins.isEmpty { return "没有配置插件。" }
        return Self.table(response.plugins)
    }

    static func table(_ plugins: [Xinfang_V1_PluginStatus]) -> String {
        Table(
            headers: ["插件", "版本", "状态", "重启次数", "待投递", "渠道", "最近错误"],
            rows: plugins.map { plugin in
                [
                    plugin.name, plugin.version, Self.stateLabel(plugin.state), String(plugin.restarts), String(plugin.outboxPending),
                    plugin.channels.joined(separator: ","), plugin.lastError,
                ]
            }
        ).render()
    }

    static func stateLabel(_ state: String) -> String {
        let labels = [
            "starting": "启动中", "running": "运行中", "backing_off": "等待重启", "failed": "已失败", "stopped": "已停止",
            "disabled": "已停用",
        ]
        return labels[state].map { "\($0)(\(state))" } ?? state
    }
}
