import WireProtocol

/// `plugins`: the plugins the daemon runs, their state and outbox.
struct PluginsCommand: ShellCommand {
    init(arguments: [String]) throws(UsageError) {
        guard arguments.isEmpty else { throw UsageError("用法：plugins") }
    }

    func run(on shell: Shell) async throws -> String {
        let response = try await shell.connection.admin.listPlugins(.init())
        if shell.json { return try shell.render(response) }
        if response.plugins.isEmpty { return "没有配置插件。" }
        return Table(
            headers: ["插件", "版本", "状态", "重启次数", "待投递", "渠道", "最近错误"],
            rows: response.plugins.map { plugin in
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
