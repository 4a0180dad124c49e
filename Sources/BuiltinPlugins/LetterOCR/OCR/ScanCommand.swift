import Foundation

/// `letter-ocr scan [--preprocess STEPS] FILE...`: reads each scan as the plugin would and
/// prints one JSON object per file (text, fields with confidences, seconds per page). For
/// checking an installation and for the benchmark; it prints personal data to stdout only.
enum ScanCommand {
    static func run(_ arguments: [String]) async throws {
        var preprocessing = Preprocessing.standard
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            if arguments[index] == "--preprocess", index + 1 < arguments.count {
                guard let parsed = Preprocessing(list: arguments[index + 1]) else {
                    throw SettingsError("--preprocess: `\(arguments[index + 1])` is not `none` or a list of scale, deskew, binarize")
                }
                preprocessing = parsed
                index += 2
            } else {
                files.append(arguments[index])
                index += 1
            }
        }
        guard !files.isEmpty else { throw SettingsError("scan: name at least one file") }
        let reader = LetterReader(preprocessing: preprocessing)
        for file in files {
            var object: [String: Any] = ["file": file, "preprocess": preprocessing.description]
            do {
                let letter = try await reader.read(try LetterIntake.readBounded(URL(fileURLWithPath: file)))
                object["format"] = letter.format.rawValue
                object["pages"] = letter.pageCount
                object["seconds_per_page"] = letter.secondsPerPage
                object["text"] = letter.text.text
                object["mean_confidence"] = letter.text.meanConfidence
                var fields: [String: Any] = [:]
                for (field, value) in letter.fields.values {
                    fields[field.rawValue] = ["value": value.value, "confidence": value.confidence, "remark": value.remark ?? ""]
                }
                object["fields"] = fields
                object["uncertain"] = letter.fields.uncertain.map(\.rawValue)
            } catch {
                object["error"] = "\(error)"
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
