import ArgumentParser

/// `xinfangd`: the daemon and its operator commands.
@main
struct Xinfangd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xinfangd",
        abstract: "The xinfang case-workflow server (信访 and 12345 hotline work).",
        subcommands: [
            InitCommand.self, ServeCommand.self, TokenCommand.self, WorkflowCommand.self, CalendarCommand.self,
            RebuildCommand.self, VerifyCommand.self, BackupCommand.self, ExportCommand.self,
        ]
    )
}

/// The data directory option every command that opens the store shares.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "The data directory (database, attachments, plugin state).")
    var data: String
}
