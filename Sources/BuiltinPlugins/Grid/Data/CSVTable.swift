import Foundation

/// A data file that does not load: the file, the line and what is wrong with it.
struct DataFileError: Error, Hashable, Sendable, CustomStringConvertible {
    var file: String
    var line: Int
    var message: String

    var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// A comma-separated table with a header row (RFC 4180 quoting; `#` starts a comment line;
/// blank lines are skipped). The grid's data files are tables of this kind.
struct CSVTable: Sendable {
    /// One data row: its line number in the file and its values by column name.
    struct Row: Sendable {
        var line: Int
        var values: [String: String]

        subscript(_ column: String) -> String { values[column] ?? "" }
    }

    var file: String
    var columns: [String]
    var rows: [Row]

    /// Reads a table and checks that it has every required column.
    static func load(_ url: URL, required: [String]) throws -> CSVTable {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DataFileError(file: url.path, line: 0, message: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(text, file: url.path, required: required)
    }

    static func parse(_ text: String, file: String, required: [String]) throws -> CSVTable {
        var header: [String]?
        var rows: [Row] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = try split(String(line), file: file, line: index + 1)
            guard let columns = header else {
                header = cells
                if let missing = required.first(where: { !cells.contains($0) }) {
                    throw DataFileError(file: file, line: index + 1, message: "the header lacks the column `\(missing)` (needs: \(required.joined(separator: ", ")))")
                }
                continue
            }
            guard cells.count == columns.count else {
                throw DataFileError(file: file, line: index + 1, message: "has \(cells.count) values, the header names \(columns.count) columns")
            }
            rows.append(Row(line: index + 1, values: Dictionary(zip(columns, cells), uniquingKeysWith: { first, _ in first })))
        }
        guard let header else {
            throw DataFileError(file: file, line: 0, message: "has no header row (needs: \(required.joined(separator: ", ")))")
        }
        return CSVTable(file: file, columns: header, rows: rows)
    }

    /// Splits one line at commas outside double quotes; `""` inside quotes is one quote.
    private static func split(_ line: String, file: String, line number: Int) throws -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        current.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
                current = ""
                quoted = true
            } else if character == "," {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw DataFileError(file: file, line: number, message: "a quoted value is not closed") }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }
}
