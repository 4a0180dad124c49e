import Foundation

/// Reads a scanned letter end to end: decode the pages (with the limits), prepare each,
/// OCR it with Tesseract, extract the fields. Tesseract runs on a thread of its own, one
/// page at a time, so the plugin's other work (heartbeats, the submit endpoint) goes on.
final class LetterReader: @unchecked Sendable {
    let preprocessing: Preprocessing
    private let queue = DispatchQueue(label: "letter-ocr.tesseract")
    private var engine: TesseractEngine?

    init(preprocessing: Preprocessing = .standard) {
        self.preprocessing = preprocessing
    }

    /// A letter read from one scan.
    struct Letter: Sendable {
        var format: ScanFormat
        var pageCount: Int
        var text: RecognizedText
        var fields: LetterFields
        /// Time spent decoding, preparing and recognising, per page.
        var secondsPerPage: Double
    }

    /// Loads the language now (a missing traineddata is then reported at start-up).
    func prepare() async throws {
        try await onQueue { _ in }
    }

    /// Reads `data`; throws ``ScanError`` when the file cannot be read as a scan.
    func read(_ data: Data) async throws -> Letter {
        let preprocessing = preprocessing
        return try await onQueue { engine in
            let started = ContinuousClock.now
            let scan = try ScanReader().pages(of: data)
            var text = RecognizedText()
            for page in scan.pages {
                let prepared = preprocessing.apply(to: page)
                text.append(try engine.recognize(prepared.image, resolution: prepared.resolution))
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return Letter(
                format: scan.format, pageCount: scan.pages.count, text: text,
                fields: FieldExtractor.extract(text), secondsPerPage: seconds / Double(max(1, scan.pages.count)))
        }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable (TesseractEngine) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work(self.loadedEngine()) })
            }
        }
    }

    /// Only called on `queue`.
    private func loadedEngine() throws -> TesseractEngine {
        if let engine { return engine }
        let loaded = try TesseractEngine()
        engine = loaded
        return loaded
    }
}
