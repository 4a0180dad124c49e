import Foundation

/// `-c`, a script file or a pipe: every command is parsed first (a usage error sends
/// nothing), then run in order; the first failure stops the run and sets the exit code.
struct BatchRunner {
    let settings: Settings
    let json: Bool

    func run(_ lines: [String]) async -> ShellExit {
        let parsed: [any ShellCommand]
        do {
            parsed = try CommandLineParser.parseScript(lines)
        } catch {
            report(Failure(error))
            return .usage
        }
        let json = self.json
        do {
            return try await Connection.with(settings) { connection in
                let shell = Shell(connection: connection, json: json, state: SessionState()) { text in
                    Terminal.shared.write(text + "\n")
                }
                for command in parsed {
                    do {
                        let output = try await command.run(on: shell)
                        if !output.isEmpty { Terminal.shared.write(output + "\n") }
                    } catch {
                        let failure = Failure(error)
                        report(failure)
                        return failure.exit
                    }
                    if shell.hasQuit { break }
                }
                return .ok
            }
        } catch {
            let failure = Failure(error)
            report(failure)
            return failure.exit
        }
    }

    private func report(_ failure: Failure) {
        Terminal.writeAll(STDERR_FILENO, (json ? failure.json : failure.message) + "\n")
    }
}
