/// A command typed at the shell, parsed (without the server) and ready to run.
protocol ShellCommand: Sendable {
    /// Runs against the server and returns what to print: text, or one JSON document when
    /// `shell.json`. Streaming commands print through `shell.emit` and return "".
    func run(on shell: Shell) async throws -> String
}

/// A command that only the interactive shell understands (it ends the loop).
struct QuitCommand: ShellCommand {
    func run(on shell: Shell) async throws -> String {
        shell.quit()
        return shell.json ? #"{"quit":true}"# : ""
    }
}
