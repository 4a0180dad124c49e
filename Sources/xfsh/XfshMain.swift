import ArgumentParser
import Foundation

/// `xfsh`: the operators' chat-line shell.
@main
struct Xfsh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xfsh", abstract: "xinfang 操作员命令行 (the operators' shell).",
        discussion: """
            Interactive on a terminal; otherwise runs -c, a script file, or the commands on standard input.
            Settings come from flags, then XFSH_SERVER / XFSH_TOKEN / XFSH_CA_CERT / XFSH_HISTORY, then the config
            file ($XFSH_CONFIG or ~/.config/xfsh/config, `key = value`: server, token, tls, ca_cert, cert, key, history).
            Exit codes: 0 ok, 1 other failure, 2 usage, 3 server refused, 4 connection lost.
            """)

    @Option(help: "Server address HOST:PORT (or XFSH_SERVER).") var server: String?
    @Option(help: "Bearer token (or XFSH_TOKEN).") var token: String?
    @Flag(help: "Connect with TLS (implied by --ca-cert).") var tls = false
    @Option(name: .customLong("ca-cert"), help: "PEM file of the CA that signed the server's certificate.") var caCert: String?
    @Option(name: .customLong("cert"), help: "PEM client certificate, for servers that require one.") var clientCert: String?
    @Option(name: .customLong("key"), help: "PEM private key of --cert.") var clientKey: String?
    @Flag(help: "Print machine-readable JSON, one document per command.") var json = false
    @Option(name: .customShort("c"), help: "Commands to run, separated by `;`.") var commands: String?
    @Argument(help: "A script file of commands, one per line.") var script: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings: Settings
        do {
            let config = try ConfigFile.load(path: ConfigFile.defaultPath(environment: environment))
            settings = try Settings.resolve(
                flags: .init(server: server, token: token, tls: tls, caCertificate: caCert, clientCertificate: clientCert, clientKey: clientKey), environment: environment, config: config)
        } catch {
            let failure = Failure(error)
            Terminal.writeAll(STDERR_FILENO, (json ? failure.json : failure.message) + "\n")
            throw ExitCode(ShellExit.usage.rawValue)
        }
        let code: ShellExit
        if let commands {
            code = await BatchRunner(settings: settings, json: json).run(Words.commands(commands))
        } else if let script {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                Terminal.writeAll(STDERR_FILENO, "用法错误：无法读取脚本 \(script)\n")
                throw ExitCode(ShellExit.usage.rawValue)
            }
            code = await BatchRunner(settings: settings, json: json).run(Words.commands(text))
        } else if isatty(STDIN_FILENO) == 1 {
            code = await InteractiveLoop(settings: settings, json: json).run()
        } else {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            code = await BatchRunner(settings: settings, json: json).run(Words.commands(text))
        }
        if code != .ok { throw ExitCode(code.rawValue) }
    }
}
