import Testing
import WireProtocol

@testable import xfsh

struct ShellParsingTests {
    @Test func insideACaseAPlainLineIsANoteAndSlashLinesAreCommands() throws {
        let note = try CommandLineParser.parse("信访人来电称'不满意'；要求复查", inCase: true)
        #expect((note as? NoteCommand)?.text == "信访人来电称'不满意'；要求复查")
        #expect(try CommandLineParser.parse("/history", inCase: true) is HistoryCommand)
        #expect(try CommandLineParser.parse("/help", inCase: true) is CaseHelpCommand)
        #expect(try CommandLineParser.parse("/list --limit 3", inCase: true) is ListCommand)
        let act = try #require(try CommandLineParser.parse("/transfer 住建局 请依法处理", inCase: true) as? WorkflowCommand)
        #expect(act.name == "transfer")
        #expect(act.arguments == ["住建局", "请依法处理"])
    }

    @Test func outsideACaseUnknownWordsAreUsageErrors() {
        #expect(throws: UsageError.self) { try CommandLineParser.parse("frobnicate", inCase: false) }
        #expect(throws: UsageError.self) { try CommandLineParser.parse("list --bogus 1", inCase: false) }
        #expect(throws: UsageError.self) { try CommandLineParser.parse("/Bad!", inCase: false) }
        #expect(throws: UsageError.self) { try CommandLineParser.parse("list --limit 0", inCase: false) }
    }

    @Test func scriptsTrackWhichLinesFallInsideAnOpenedCase() throws {
        let commands = try CommandLineParser.parseScript(["list", "open XF-2026-000001", "看过了", "/leave", "whoami"])
        #expect(commands[2] is NoteCommand)
        #expect(commands[4] is WhoAmICommand)
        #expect(throws: UsageError.self) { try CommandLineParser.parseScript(["open XF-1", "/leave", "看过了"]) }
    }

    @Test func commandsSplitOnSemicolonsOutsideQuotes() {
        #expect(Words.commands("open XF-1; 备注 'a;b'; /leave") == ["open XF-1", "备注 'a;b'", "/leave"])
        #expect(Words.lenientSplit("他说'不行 好") == ["他说'不行", "好"])
        #expect(Words.lastWord("open XF-20").word == "XF-20")
        #expect(Words.lastWord("open ").word == "")
    }

    @Test func historyKeepsCommandsButNotNotesOrPersonalData() {
        #expect(HistoryPolicy.records("list --state 登记", inCase: false))
        #expect(HistoryPolicy.records("/accept 已受理", inCase: true))
        #expect(!HistoryPolicy.records("信访人电话13512342659", inCase: true))
        #expect(!HistoryPolicy.records("new --name 王大顺 --id-number 11010519491231002X", inCase: false))
        #expect(HistoryPolicy.records("new", inCase: false))
    }
}
