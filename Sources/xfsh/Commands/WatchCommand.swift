import WireProtocol

/// `watch [--case XF-…] [--type 类型] [--count N] [--from-beginning] [--after 位置]`: the
/// events the operator may see, as they happen. Ends after `--count` events, or on Ctrl-C.
/// With `--json`, one CaseEvent document per line.
struct WatchCommand: ShellCommand {
    let request: Xinfang_V1_WatchRequest
    let count: Int?

    init(arguments: [String]) throws(UsageError) {
        let flags = try Flags(arguments, command: "watch", valued: ["case", "type", "count", "after"], switches: ["from-beginning"])
        guard flags.positional.isEmpty else {
            throw UsageError("用法：watch [--case XF-…] [--type 事件类型] [--count N] [--from-beginning] [--after 位置]")
        }
        var request = Xinfang_V1_WatchRequest()
        request.caseRefs = flags.all("case")
        request.types = flags.all("type")
        request.fromBeginning = flags.has("from-beginning")
        if let after = flags.last("after") {
            guard let position = UInt64(after) else { throw UsageError("watch 的 --after 需要事件位置（整数）") }
            request.afterPosition = position
        }
        self.request = request
        count = try flags.positive("count", command: "watch")
    }

    func run(on shell: Shell) async throws -> String {
        let count = self.count
        if !shell.json, shell.interaction != nil { shell.emit("正在实时查看事件（Ctrl-C 结束）…") }
        try await shell.connection.events.watch(request) { response in
            var seen = 0
            for try await item in response.messages {
                guard case .event(let event) = item.item else { continue }
                shell.state.remember([event.caseNumber])
                shell.emit(shell.json ? try JSONDocument.proto(event) : "\(event.caseNumber)  " + EventText.line(event))
                seen += 1
                if let count, seen >= count { return }
            }
        }
        return ""
    }
}
