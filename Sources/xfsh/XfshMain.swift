import ArgumentParser
import Foundation
import GRPCCore

/// `xfsh`: the operators' chat-line shell.
@main
struct Xfsh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xfsh", abstract: "xinfang 操作员命令行 (the operators' shell).")

    @Option(help: "Server address HOST:PORT (or XFSH_SERVER).") var server: String?
    @Option(help: "Bearer token (or XFSH_TOKEN).") var token: String?
    @Flag(help: "Print machine-readable JSON, one document per command.") var json = false
    @Option(name: .customShort("c"), help: "Commands to run, separated by `;`.") var commands: String?
    @Argument(help: "A script file of commands, one per line.") var script: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let serverText = server ?? environment["XFSH_SERVER"], let address = ServerAddress(serverText) else {
            Self.fail(.usage, "用法错误：需要 --server HOST:PORT 或环境变量 XFSH_SERVER")
        }
        guard let token = token ?? environment["XFSH_TOKEN"], !token.isEmpty else {
            Self.fail(.usage, "用法错误：需要 --token 或环境变量 XFSH_TOKEN")
        }
        let lines: [String]
        if let commands {
            lines = Words.commands(commands)
        } else if let script {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                Self.fail(.usage, "用法错误：无法读取脚本 \(script)")
            }
            lines = Words.commands(text)
        } else {
            lines = Words.commands(String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self))
        }
        let json = self.json
        // Every command is parsed before connecting: a usage error sends nothing.
        let parsed: [Shell.Parsed]
        do {
            parsed = try lines.map { line throws(UsageError) in try Shell.parse(line) }
        } catch {
            let (code, message) = Failure.classify(error)
            Self.report(message, json: json, code: code)
            throw ArgumentParser.ExitCode(code.rawValue)
        }
        let code: ShellExit
        do {
            code = try await Connection.with(address, token: token) { connection in
                let shell = Shell(connection: connection, json: json)
                for command in parsed {
                    do {
                        print(try await command.run(shell))
                    } catch {
                        let (code, message) = Failure.classify(error)
                        Self.report(message, json: json, code: code)
                        return code
                    }
                }
                return .ok
            }
        } catch {
            let (failure, message) = Failure.classify(error)
            Self.report(message, json: json, code: failure)
            code = failure
        }
        if code != .ok { throw ArgumentParser.ExitCode(code.rawValue) }
    }

    static func report(_ message: String, json: Bool, code: ShellExit) {
        if json {
            let object: [String: Any] = ["error": message, "exit_code": code.rawValue]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                FileHandle.standardError.write(data + Data("\n".utf8))
                return
            }
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func fail(_ code: ShellExit, _ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(code.rawValue)
    }
}

