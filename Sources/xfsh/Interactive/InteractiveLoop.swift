import Foundation
import GRPCCore

/// The interactive shell: a prompt that says where the operator is, commands and chat lines,
/// live events above the prompt, and reconnection that keeps what was typed.
struct InteractiveLoop {
    let settings: Settings
    let json: Bool

    func run() async -> ShellExit {
        let state = SessionState()
        let editor = LineEditor(historyPath: settings.historyPath, completer: Completer(state: state).candidates)
        let json = self.json
        do {
            return try await Connection.with(settings) { connection in
                let shell = Shell(connection: connection, json: json, state: state, interaction: editor) { editor.post($0) }
                if let failure = await greet(shell, editor: editor) { return failure }
                let live = Task {
                    await LiveEvents(shell: shell, post: { editor.post($0) }) {
                        _ = try? await shell.reloadOpenCase()
                        editor.updatePrompt(await PromptText.make(shell))
                    }.run()
                }
                await loop(shell, editor: editor)
                live.cancel()
                await live.value
                return .ok
            }
        } catch {
            let failure = Failure(error)
            Terminal.writeAll(STDERR_FILENO, failure.message + "\n")
            return failure.exit
        }
    }

    /// Says who is signed in and fetches what completion needs. A wrong token ends the
    /// shell (exit 3); an unreachable server does not (the shell keeps retrying).
    private func greet(_ shell: Shell, editor: LineEditor) async -> ShellExit? {
        do {
            let me = try await shell.me()
            editor.post("xfsh — 已连接 \(settings.address)，您好，\(me.user.displayName)。输入 help 查看命令，Tab 补全，Ctrl-D 退出。")
            _ = try? await shell.orgs()
            _ = try? await shell.workflows()
            if let recent = try? await shell.connection.cases.listCases(.with { $0.page.pageSize = 100 }) {
                shell.state.remember(recent.cases.map(\.caseNumber))
            }
            return nil
        } catch {
            let failure = Failure(error)
            if failure.exit == .connection {
                editor.post("⚠ 暂时无法连接 \(settings.address)，正在重试……")
                return nil
            }
            Terminal.writeAll(STDERR_FILENO, failure.message + "\n")
            return failure.exit
        }
    }

    private func loop(_ shell: Shell, editor: LineEditor) async {
        var prefill: String?
        while !shell.hasQuit {
            let prompt = await PromptText.make(shell)
            let input = await editor.read(prompt, prefill: prefill)
            prefill = nil
            switch input {
            case .endOfInput:
                guard let number = shell.state.openCaseNumber else { return }
                shell.state.update { $0.openCase = nil }
                editor.post("已离开 \(number)")
            case .interrupted:
                continue
            case .line(let line):
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let inCase = shell.state.openCase != nil
                if HistoryPolicy.records(line, inCase: inCase) { await editor.addHistory(line) }
                do {
                    let command = try CommandLineParser.parse(line, inCase: inCase)
                    let output = try await runInterruptibly(command, shell: shell, editor: editor)
                    if !output.isEmpty { editor.post(output) }
                } catch {
                    let failure = Failure(error)
                    if failure.exit == .connection {
                        // Nothing typed is lost: the line comes back for sending again.
                        prefill = line
                        editor.post("⚠ 连接中断，命令未执行；已保留您输入的内容，连接恢复后按回车重发。")
                    } else if error is CancellationError {
                        editor.post("\n已中断")  // after the terminal's own "^C"
                    } else {
                        editor.post(failure.message)
                    }
                }
            }
        }
    }

    /// Runs a command; Ctrl-C while it runs cancels it and returns to the prompt.
    private func runInterruptibly(_ command: any ShellCommand, shell: Shell, editor: LineEditor) async throws -> String {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await command.run(on: shell) }
            group.addTask {
                while !Task.isCancelled {
                    if editor.takeInterrupt() { return nil }
                    try? await Task.sleep(for: .milliseconds(100))
                }
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                guard let output = result else { throw CancellationError() }
                return output
            }
            return ""
        }
    }
}
