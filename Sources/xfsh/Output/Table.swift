/// A plain-text table whose columns line up with Chinese (double-width) text.
struct Table {
    var headers: [String]
    var rows: [[String]]
    /// Widest a column may get before its cells are cut with "…".
    var maxColumnWidth = 40

    func render() -> String {
        let widths = headers.indices.map { column in
            min(maxColumnWidth, ([headers[column]] + rows.map { $0[column] }).map(DisplayWidth.of).max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            var text = zip(cells, widths).map { DisplayWidth.pad($0, to: $1) }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}
