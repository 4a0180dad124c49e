// letter-ocr: registers scanned letters as cases (docs/letter-ocr.md).
//
//   letter-ocr                      run as a plugin (started by xinfangd from its manifest)
//   letter-ocr scan [--preprocess STEPS] FILE...
//                                   read scans and print the text and fields as JSON lines
//   letter-ocr sample --out DIR [--count N] [--seed N] [--font NAME] [--rotate DEG] [--noise N] [--blur N] [--dpi N] [--format png|jpeg|tiff|pdf]
//                                   render generated letters with their truth (tests, benchmark)
import CTesseract
import Foundation

@main
struct LetterOCRMain {
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        // Leptonica's informational lines ("Info in pixRotate: …") are noise in the host's log.
        _ = setMsgSeverity(Int32(L_SEVERITY_WARNING))
        let command = arguments.first ?? "plugin"
        if !arguments.isEmpty { arguments.removeFirst() }
        do {
            switch command {
            case "plugin": try await PluginMode.run()
            case "scan": try await ScanCommand.run(arguments)
            case "sample": try SampleCommand.run(arguments)
            default:
                throw SettingsError("unknown command `\(command)`; use scan, sample, or none to run as a plugin")
            }
        } catch {
            FileHandle.standardError.write(Data("letter-ocr: \(error)\n".utf8))
            exit(2)
        }
    }
}
