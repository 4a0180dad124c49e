import Foundation

/// `letter-ocr sample --out DIR [--count N] [--seed N] [--font NAME] [--size PT] [--dpi N]
/// [--rotate DEG] [--noise SIGMA] [--blur PX] [--format png|jpeg|tiff|pdf] [--pages N]`:
/// writes `letter-NNN.EXT` and `letter-NNN.json` (the truth) for each generated letter.
/// Without `--font` the letters cycle through ``SampleRenderer/fonts``.
enum SampleCommand {
    static func run(_ arguments: [String]) throws {
        var options: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count, arguments[index].hasPrefix("--") {
            options[String(arguments[index].dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        guard index == arguments.count, let out = options["out"] else {
            throw SettingsError("sample: --out DIR is required; options come in pairs (--name value)")
        }
        let count = Int(try number("count", 1, options)), seed = UInt64(try number("seed", 1, options))
        guard let format = ScanFormat(rawValue: options["format"] ?? "png") else {
            throw SettingsError("sample: --format is one of png, jpeg, tiff, pdf")
        }
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var random = SampleRandom(seed: seed)
        for ordinal in 0..<count {
            let letter = SampleLetter.make(using: &random)
            var renderer = SampleRenderer()
            renderer.font = options["font"] ?? SampleRenderer.fonts[ordinal % SampleRenderer.fonts.count]
            renderer.pointSize = Int(try number("size", 12, options))
            renderer.dpi = Int(try number("dpi", 300, options))
            renderer.rotation = try number("rotate", 0, options)
            renderer.noise = try number("noise", 0, options)
            renderer.blur = Int(try number("blur", 0, options))
            renderer.pages = Int(try number("pages", 1, options))
            renderer.format = format
            let name = String(format: "letter-%03d", ordinal + 1)
            try renderer.render(letter).write(to: folder.appendingPathComponent("\(name).\(format.fileExtension)"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(letter).write(to: folder.appendingPathComponent("\(name).json"))
        }
    }

    private static func number(_ name: String, _ fallback: Double, _ options: [String: String]) throws -> Double {
        guard let text = options[name] else { return fallback }
        guard let value = Double(text) else { throw SettingsError("sample: --\(name) `\(text)` is not a number") }
        return value
    }
}
