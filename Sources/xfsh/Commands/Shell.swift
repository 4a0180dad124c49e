import Foundation
import GRPCCore
import SwiftProtobuf
import WireProtocol

/// Runs one typed command against the server and renders its result as text or JSON.
struct Shell: Sendable {
    let connection: Connection
    let json: Bool

    /// Runs a command line (one command) and returns what to print.
    func execute(_ line: String) async throws -> String {
        try await Self.parse(line).run(self)
    }

    /// A parsed command, ready to run; parsing needs no connection, so usage errors are
    /// found before anything is sent.
    struct Parsed: Sendable {
        let run: @Sendable (Shell) async throws -> String
    }

    static func parse(_ line: String) throws(UsageError) -> Parsed {
        let words = try Words.split(line)
        guard let name = words.first else { return Parsed { _ in "" } }
        let arguments = Array(words.dropFirst())
        switch name {
        case "list", "ls":
            let command = try ListCommand(arguments: arguments)
            return Parsed { try await command.run(on: $0) }
        case "show":
            let command = try ShowCommand(arguments: arguments)
            return Parsed { try await command.run(on: $0) }
        case "new":
            let command = try NewCommand(arguments: arguments)
            return Parsed { try await command.run(on: $0) }
        case "help", "?":
            return Parsed { _ in Help.text }
        default:
            throw UsageError("未知命令 `\(name)`；输入 help 查看可用命令")
        }
    }

    /// Proto3 JSON on one line, with the .proto field names (snake_case).
    func render(_ message: some SwiftProtobuf.Message) throws -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return try message.jsonString(options: options)
    }
}

enum Help {
    static let text = """
        可用命令 (commands):
          list [--state S] [--workflow W] [--channel C] [--org ORG] [--limit N]   列出案件
          show XF-YYYY-NNNNNN                                                     查看案件
          new --subject 事由 --content 内容 --name 姓名 [--phone P] [--channel C]   登记案件
          help                                                                    帮助
        """
}
