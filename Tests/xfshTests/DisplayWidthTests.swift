import Testing

@testable import xfsh

struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("王大顺", 6), ("XF-2026-000001", 14), ("办理中", 6), ("１２３", 6), ("a中b", 4), ("", 0),
        ("e\u{301}", 1),  // combining acute accent takes no column
        ("，。", 4),  // fullwidth punctuation
    ])
    func widths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test func tableColumnsLineUpWithChineseCells() {
        let table = Table(headers: ["编号", "信访人", "事由"], rows: [["1", "王*顺", "噪音"], ["22", "Li", "供暖不热"]])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        // Every row's third column starts at the same display column.
        let starts = [lines[0], lines[2], lines[3]].map { line -> Int in
            let third = ["事由", "噪音", "供暖不热"].compactMap { line.range(of: $0) }.first!
            return DisplayWidth.of(String(line[..<third.lowerBound]))
        }
        #expect(Set(starts).count == 1)
    }

    @Test func truncationKeepsWithinTheColumnAndMarksTheCut() {
        let cut = DisplayWidth.truncate("关于小区噪音扰民问题的反映", to: 10)
        #expect(DisplayWidth.of(cut) <= 10)
        #expect(cut.hasSuffix("…"))
        #expect(DisplayWidth.pad("王", to: 4) == "王  ")
    }
}

struct WordsTests {
    @Test func commandsSplitOnSemicolonsOutsideQuotes() {
        #expect(Words.commands("list; show XF-2026-000001 ;  ") == ["list", "show XF-2026-000001"])
        #expect(Words.commands("note \"a;b\"; list") == ["note \"a;b\"", "list"])
        #expect(Words.commands("# comment\nlist") == ["list"])
    }

    @Test func wordsKeepQuotedSpaces() throws {
        #expect(try Words.split("transfer 住建局 \"原因 很长\"") == ["transfer", "住建局", "原因 很长"])
        #expect(throws: UsageError.self) { try Words.split("note \"unclosed") }
    }
}
