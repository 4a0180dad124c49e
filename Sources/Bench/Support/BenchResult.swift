import Foundation

/// One benchmark's figures, written as JSON (for tools) and Markdown (for people), with
/// the machine and the commit they were measured on.
struct BenchResult: Codable {
    var name: String
    var title: String
    var measuredAt: String
    var machine: Machine
    /// Rows of named figures, e.g. ["writers": "256", "events/s": "21034", "ratio": "0.52"].
    var rows: [[String: String]]
    /// Column order for the Markdown table.
    var columns: [String]
    var notes: [String]

    init(name: String, title: String, columns: [String], rows: [[String: String]] = [], notes: [String] = []) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
        measuredAt = ISO8601DateFormatter().string(from: Date())
        machine = Machine.current()
    }

    func write(to folder: String) throws {
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url.appendingPathComponent("\(name).json"))
        try Data(markdown.utf8).write(to: url.appendingPathComponent("\(name).md"))
        print(markdown)
    }

    var markdown: String {
        var lines = ["## \(title)", "", "Measured \(measuredAt) on \(machine.summary).", ""]
        lines.append("| " + columns.joined(separator: " | ") + " |")
        lines.append("|" + columns.map { _ in "---" }.joined(separator: "|") + "|")
        for row in rows { lines.append("| " + columns.map { row[$0] ?? "" }.joined(separator: " | ") + " |") }
        if !notes.isEmpty { lines += [""] + notes.map { "- \($0)" } }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What the figures were measured on.
struct Machine: Codable {
    var cpu: String
    var cores: Int
    var memoryGiB: Int
    var commit: String

    static func current() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let commit = (try? String(contentsOfFile: ".git/HEAD", encoding: .utf8)).flatMap { head -> String? in
            let ref = head.trimmingCharacters(in: .whitespacesAndNewlines)
            guard ref.hasPrefix("ref: ") else { return String(ref.prefix(12)) }
            return (try? String(contentsOfFile: ".git/" + ref.dropFirst(5), encoding: .utf8)).map { String($0.prefix(12)) }
        } ?? "unknown"
        return Machine(
            cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: Int(ProcessInfo.processInfo.physicalMemory / (1 << 30)), commit: commit)
    }

    var summary: String { "\(cores) cores (\(cpu)), \(memoryGiB) GiB, commit \(commit)" }
}
