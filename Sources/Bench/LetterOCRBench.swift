import ArgumentParser
import Foundation

/// letter-ocr on letters the project renders itself (`letter-ocr sample`: Tesseract's
/// text2image with four Debian Chinese fonts, then rotation, noise and blur): character
/// error rate, the share of letters with each field exactly right, and seconds per page,
/// for each preprocessing choice, so the plugin keeps only the steps that help.
struct LetterOCRBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter-ocr", abstract: "letter-ocr: OCR error rate, fields right, seconds per page.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Letters per scan condition.") var letters = 10
    @Option(help: "Seed of the generated letters.") var seed: UInt64 = 2026

    /// How the letters are scanned: (name, `letter-ocr sample` options).
    static let conditions: [(String, [String])] = [
        ("clean 300 dpi PNG", ["--dpi", "300", "--format", "png"]),
        ("skewed 3°, noise σ25, blur, 300 dpi JPEG", ["--dpi", "300", "--rotate", "3", "--noise", "25", "--blur", "1", "--format", "jpeg"]),
        ("150 dpi, skewed −1.5°, noise σ15, JPEG", ["--dpi", "150", "--rotate", "-1.5", "--noise", "15", "--format", "jpeg"]),
    ]
    /// The preprocessing choices compared (`letter-ocr scan --preprocess`).
    static let variants = ["none", "scale", "deskew", "binarize", "scale,deskew", "scale,deskew,binarize"]
    static let fields = ["name", "id_number", "mobile", "landline", "address", "letter_date", "addressee"]

    func run() async throws {
        let perCondition = options.quick ? 2 : letters
        let binary = Self.binary("letter-ocr")
        let folder = URL(fileURLWithPath: options.scratch).appendingPathComponent("letter-ocr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [(condition: Int, scan: String, truth: [String: Any])] = []
        for (index, condition) in Self.conditions.enumerated() {
            let out = folder.appendingPathComponent("c\(index)")
            try Self.run(binary, ["sample", "--out", out.path, "--count", "\(perCondition)", "--seed", "\(seed + UInt64(index))"] + condition.1)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where !name.hasSuffix(".json") {
                let truthFile = out.appendingPathComponent((name as NSString).deletingPathExtension + ".json")
                let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: truthFile)) as? [String: Any] ?? [:]
                files.append((index, out.appendingPathComponent(name).path, truth))
            }
        }
        var result = BenchResult(
            name: "letter-ocr", title: "letter-ocr: Tesseract chi_sim on generated letters",
            columns: ["preprocess", "condition", "CER", "s/page"] + Self.fields.map { "\($0) right" })
        for variant in Self.variants {
            let output = try Self.run(binary, ["scan", "--preprocess", variant] + files.map(\.scan))
            let readings = output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            guard readings.count == files.count else { throw ValidationError("scan gave \(readings.count) results for \(files.count) files") }
            for condition in [nil] + Self.conditions.indices.map(Optional.some) {
                let chosen = zip(files, readings).filter { condition == nil || $0.0.condition == condition }
                result.rows.append(Self.row(variant: variant, condition: condition.map { Self.conditions[$0].0 } ?? "all", chosen.map { ($0.0.truth, $0.1) }))
            }
        }
        result.notes += [
            "\(files.count) letters (\(perCondition) per condition, seed \(seed)), rendered by `letter-ocr sample`: text2image (tesseract-ocr) with Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Zen Hei and AR PL UKai CN in turn, 12 pt, A4; then Leptonica rotation, box blur and Gaussian noise.",
            "CER: edit distance between the OCR text and the rendered text over the rendered text's length, both NFKC-normalised, whitespace removed. A field is right when it equals the truth exactly (ID number with its check character, mobile as 11 digits, landline as AREA-NUMBER, date as YYYY-MM-DD); landline over the letters that have one.",
            "s/page: decoding, preprocessing, Tesseract and extraction, one page at a time on one core (libtesseract \(Self.tesseractVersion())).",
        ]
        try result.write(to: options.results)
    }

    static func row(variant: String, condition: String, _ pairs: [([String: Any], [String: Any])]) -> [String: String] {
        var row = ["preprocess": variant, "condition": condition]
        var errors = 0, length = 0
        var seconds = 0.0
        for (truth, reading) in pairs {
            let expected = normalised(truth["text"] as? String ?? "")
            let read = normalised(reading["text"] as? String ?? "")
            errors += editDistance(Array(expected), Array(read))
            length += expected.count
            seconds += reading["seconds_per_page"] as? Double ?? 0
        }
        row["CER"] = format(Double(errors) / Double(max(1, length)) * 100, digits: 1) + " %"
        row["s/page"] = format(seconds / Double(max(1, pairs.count)), digits: 2)
        let truthKeys = ["name": "name", "id_number": "idNumber", "mobile": "mobile", "landline": "landline", "address": "address", "letter_date": "letterDate", "addressee": "addressee"]
        for field in fields {
            let applicable = pairs.filter { !(($0.0[truthKeys[field]!] as? String) ?? "").isEmpty }
            let right = applicable.filter { truth, reading in
                let value = ((reading["fields"] as? [String: Any])?[field] as? [String: Any])?["value"] as? String
                return value == truth[truthKeys[field]!] as? String
            }
            row["\(field) right"] = applicable.isEmpty ? "–" : "\(right.count)/\(applicable.count)"
        }
        return row
    }

    static func normalised(_ text: String) -> String {
        String(text.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace })
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func binary(_ name: String) -> String {
        let directory = ProcessInfo.processInfo.environment["XINFANG_BIN_DIR"]
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        return directory + "/" + name
    }

    static func tesseractVersion() -> String {
        ((try? run("/usr/bin/tesseract", ["--version"], mergeErrors: true)) ?? "").split(separator: "\n").first.map(String.init) ?? "unknown"
    }

    @discardableResult
    static func run(_ path: String, _ arguments: [String], mergeErrors: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = mergeErrors ? output : FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(path) \(arguments.prefix(3).joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
