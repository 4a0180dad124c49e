import Foundation
import Synchronization
import SwiftProtobuf
import WireProtocol

/// Everything a command runs with: the connection, the session's memory, how to print,
/// and (interactively) how to ask the operator for more.
struct Shell: Sendable {
    let connection: Connection
    let json: Bool
    let state: SessionState
    /// Asks the operator for input; nil when xfsh runs a script, `-c` or a pipe.
    let interaction: (any Interaction)?
    /// Prints one piece of output at once (streaming commands such as `watch`).
    let emit: @Sendable (String) -> Void
    private let stopped = StopFlag()

    init(
        connection: Connection, json: Bool, state: SessionState, interaction: (any Interaction)? = nil,
        emit: @escaping @Sendable (String) -> Void
    ) {
        self.connection = connection
        self.json = json
        self.state = state
        self.interaction = interaction
        self.emit = emit
    }

    /// Asks the loop to end after the current command.
    func quit() { stopped.value.store(true, ordering: .relaxed) }
    var hasQuit: Bool { stopped.value.load(ordering: .relaxed) }

    /// Proto3 JSON on one line, with the .proto field names (snake_case).
    func render(_ message: some SwiftProtobuf.Message) throws -> String {
        try JSONDocument.proto(message)
    }
}

/// Turns one typed line into a command. Parsing needs no server, so usage errors are found
/// before anything is sent.
enum CommandLineParser {
    typealias Make = @Sendable (_ arguments: [String]) throws(UsageError) -> any ShellCommand

    /// Shell commands, typed bare outside a case or with a leading `/` anywhere.
    static let commands: [String: Make] = [
        "list": { args throws(UsageError) in try ListCommand(arguments: args) },
        "ls": { args throws(UsageError) in try ListCommand(arguments: args) },
        "show": { args throws(UsageError) in try ShowCommand(arguments: args) },
        "open": { args throws(UsageError) in try OpenCommand(arguments: args) },
        "new": { args throws(UsageError) in try NewCommand(arguments: args) },
        "search": { args throws(UsageError) in try SearchCommand(arguments: args) },
        "watch": { args throws(UsageError) in try WatchCommand(arguments: args) },
        "plugins": { args throws(UsageError) in try PluginsCommand(arguments: args) },
        "stats": { args throws(UsageError) in try StatsCommand(arguments: args) },
        "whoami": { args throws(UsageError) in try WhoAmICommand(arguments: args) },
        "orgs": { args throws(UsageError) in try OrgsCommand(arguments: args) },
        "org": { args throws(UsageError) in try OrgAddCommand(arguments: args) },
        "user": { args throws(UsageError) in try UserAddCommand(arguments: args) },
        "token": { args throws(UsageError) in try TokenNewCommand(arguments: args) },
        "help": { args throws(UsageError) in HelpCommand() },
        "?": { args throws(UsageError) in HelpCommand() },
        "quit": { args throws(UsageError) in QuitCommand() },
        "exit": { args throws(UsageError) in QuitCommand() },
    ]

    /// Commands about the open case (chat commands); typed with a leading `/`.
    static let caseCommands: [String: Make] = [
        "note": { args throws(UsageError) in try NoteCommand(arguments: args) },
        "history": { args throws(UsageError) in try HistoryCommand(arguments: args) },
        "deadlines": { args throws(UsageError) in try DeadlinesCommand(arguments: args) },
        "reveal": { args throws(UsageError) in try RevealCommand(arguments: args) },
        "link": { args throws(UsageError) in try LinkCommand(arguments: args) },
        "leave": { args throws(UsageError) in LeaveCommand() },
        "help": { args throws(UsageError) in CaseHelpCommand() },
    ]

    /// Parses one line. Inside a case a plain line is a note; `/name …` is a case command,
    /// a shell command, or a workflow command (checked against the case when it runs).
    static func parse(_ line: String, inCase: Bool) throws(UsageError) -> any ShellCommand {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") {
            let words = Words.lenientSplit(String(trimmed.dropFirst()))
            guard let name = words.first else { throw UsageError("斜杠后需要命令名；输入 /help 查看可用命令") }
            let arguments = Array(words.dropFirst())
            if let make = caseCommands[name], inCase || name != "help" { return try make(arguments) }
            if let make = commands[name] { return try make(arguments) }
            return try WorkflowCommand(name: name, arguments: arguments)
        }
        if inCase { return NoteCommand(text: trimmed) }
        let words = try Words.split(trimmed)
        guard let name = words.first else { return EmptyCommand() }
        guard let make = commands[name] else {
            throw UsageError("未知命令 `\(name)`；输入 help 查看可用命令（案件命令请先 open 案件，再以 / 开头输入）")
        }
        return try make(Array(words.dropFirst()))
    }

    /// Parses a script: every line, tracking which lines fall inside an opened case.
    static func parseScript(_ lines: [String]) throws(UsageError) -> [any ShellCommand] {
        var inCase = false
        var parsed: [any ShellCommand] = []
        for line in lines {
            let command = try parse(line, inCase: inCase)
            if command is OpenCommand { inCase = true }
            if command is LeaveCommand { inCase = false }
            parsed.append(command)
        }
        return parsed
    }
}

/// An empty line: does nothing.
struct EmptyCommand: ShellCommand {
    func run(on shell: Shell) async throws -> String { "" }
}

/// Set by `quit`; read by the loop that runs commands.
final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
