import CTesseract
import Foundation

/// Tesseract with a language loaded once, through its C API. One page at a time: the
/// engine is not safe to use from two threads at once (``OCRService`` serialises it).
final class TesseractEngine {
    /// The traineddata the plugin reads letters with (Debian: tesseract-ocr-chi-sim).
    static let language = "chi_sim"

    private let handle: OpaquePointer

    /// Loads `language` from Tesseract's default data folder (or `dataPath`).
    init(language: String = TesseractEngine.language, dataPath: String? = nil) throws {
        guard let handle = TessBaseAPICreate() else { throw OCRError("Tesseract could not be created") }
        self.handle = handle
        guard TessBaseAPIInit3(handle, dataPath, language) == 0 else {
            TessBaseAPIDelete(handle)
            throw OCRError("Tesseract could not load the language `\(language)` (install tesseract-ocr-\(language.replacingOccurrences(of: "_", with: "-")))")
        }
        TessBaseAPISetPageSegMode(handle, PSM_AUTO)
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// Reads one page; `resolution` is its dots per inch when known.
    func recognize(_ page: PageImage, resolution: Int = 300) throws -> RecognizedText {
        TessBaseAPISetImage2(handle, page.pix)
        TessBaseAPISetSourceResolution(handle, Int32(resolution))
        defer { TessBaseAPIClear(handle) }
        guard TessBaseAPIRecognize(handle, nil) == 0 else { throw OCRError("Tesseract failed to recognise the page") }
        guard let iterator = TessBaseAPIGetIterator(handle) else { return RecognizedText() }
        defer { TessResultIteratorDelete(iterator) }
        let layout = TessResultIteratorGetPageIterator(iterator)
        var text = RecognizedText()
        var first = true
        repeat {
            guard let symbol = TessResultIteratorGetUTF8Text(iterator, RIL_SYMBOL) else { continue }
            let value = String(cString: symbol)
            TessDeleteText(symbol)
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_SYMBOL)) / 100
            if !first {
                if TessPageIteratorIsAtBeginningOf(layout, RIL_TEXTLINE) != 0 {
                    text.append("\n", confidence: 1)
                } else if TessPageIteratorIsAtBeginningOf(layout, RIL_WORD) != 0,
                          Self.keepsSpace(before: value, after: text.text.last) {
                    text.append(" ", confidence: confidence)
                }
            }
            text.append(value, confidence: max(0, min(1, confidence)))
            first = false
        } while TessResultIteratorNext(iterator, RIL_SYMBOL) != 0
        if !text.isEmpty { text.append("\n", confidence: 1) }
        return text
    }

    /// Spaces between words are kept only between Latin letters or digits: Chinese has none,
    /// and Tesseract's spaces between digit groups would break numbers apart.
    private static func keepsSpace(before next: String, after previous: Character?) -> Bool {
        guard let previous, let head = next.first else { return false }
        return previous.isLetter && previous.isASCII && head.isLetter && head.isASCII
    }
}

/// Tesseract could not be set up or failed on a page.
struct OCRError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
