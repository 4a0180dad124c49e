import CTesseract
import Foundation

/// Renders a ``SampleLetter`` as a scan: Tesseract's own `text2image` (Debian tesseract-ocr)
/// lays the text out with a Debian font through Pango, then Leptonica rotates, blurs and
/// adds noise as a scanner would, and encodes the pages.
struct SampleRenderer: Sendable {
    /// The Chinese fonts of Debian's font packages (fonts-noto-cjk, fonts-wqy-zenhei,
    /// fonts-arphic-ukai) by their Pango names.
    static let fonts = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei Medium", "AR PL UKai CN"]

    var font = SampleRenderer.fonts[0]
    /// Text size in points.
    var pointSize = 12
    /// Scan resolution (an A4 page is 8.27 × 11.69 inches).
    var dpi = 300
    /// Rotation in degrees (positive: counter-clockwise).
    var rotation = 0.0
    /// Standard deviation of the Gaussian noise added (0...255 grey levels).
    var noise = 0.0
    /// Half-width of the box blur in pixels (0: none).
    var blur = 0
    var format = ScanFormat.png
    /// Pages the letter is split over (its lines divided evenly).
    var pages = 1
    var fontsDirectory = "/usr/share/fonts"
    var text2image = "/usr/bin/text2image"

    /// The scan's bytes.
    func render(_ letter: SampleLetter) throws -> Data {
        let lines = letter.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let perPage = (lines.count + pages - 1) / max(1, pages)
        let images = try stride(from: 0, to: lines.count, by: max(1, perPage)).map { start in
            try renderPage(lines[start..<min(lines.count, start + perPage)].joined(separator: "\n"))
        }
        return try encode(images)
    }

    private func renderPage(_ text: String) throws -> PageImage {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("letter-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("letter.txt")
        try Data(text.utf8).write(to: input)
        let base = folder.appendingPathComponent("page").path
        let width = Int(8.27 * Double(dpi)), height = Int(11.69 * Double(dpi))
        let result = ChildProcess.run(text2image, [
            "--text=\(input.path)", "--outputbase=\(base)", "--font=\(font)", "--fonts_dir=\(fontsDirectory)",
            "--fontconfig_tmpdir=\(folder.path)", "--ptsize=\(pointSize)", "--resolution=\(dpi)",
            "--xsize=\(width)", "--ysize=\(height)", "--margin=\(dpi * 2 / 3)", "--leading=\(dpi / 8)",
            "--degrade_image=false", "--rotate_image=false", "--distort_image=false", "--strip_unrenderable_words=false",
        ], timeoutSeconds: 60)
        guard result.status == 0, let data = try? Data(contentsOf: URL(fileURLWithPath: base + ".tif")),
              let rendered = PageImage.decode(data) else {
            throw OCRError("text2image could not render the letter with \(font): \(result.error)")
        }
        var page = PageImage(taking: pixConvertTo8(rendered.pix, 0))
        if rotation != 0, let turned = pixRotate(page.pix, Float(rotation * .pi / 180), Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0) {
            page = PageImage(taking: turned)
        }
        if blur > 0, let blurred = pixBlockconv(page.pix, Int32(blur), Int32(blur)) {
            page = PageImage(taking: blurred)
        }
        if noise > 0, let noisy = pixAddGaussianNoise(page.pix, Float(noise)) {
            page = PageImage(taking: noisy)
        }
        pixSetResolution(page.pix, Int32(dpi), Int32(dpi))
        return page
    }

    private func encode(_ pages: [PageImage]) throws -> Data {
        switch format {
        case .png:
            guard pages.count == 1, let data = pages[0].pngData() else { throw OCRError("png holds one page") }
            return data
        case .jpeg:
            guard pages.count == 1, let data = pages[0].jpegData(quality: 85) else { throw OCRError("jpeg holds one page") }
            return data
        case .tiff:
            return try withPixa(pages) { pixa, folder in
                let file = folder.appendingPathComponent("scan.tif").path
                guard pixaWriteMultipageTiff(file, pixa) == 0 else { throw OCRError("the tiff could not be written") }
                return try Data(contentsOf: URL(fileURLWithPath: file))
            }
        case .pdf:
            return try withPixa(pages) { pixa, _ in
                var bytes: UnsafeMutablePointer<UInt8>?
                var size = 0
                guard pixaConvertToPdfData(pixa, Int32(dpi), 1, Int32(L_FLATE_ENCODE), 0, "letter", &bytes, &size) == 0, let bytes else {
                    throw OCRError("the pdf could not be written")
                }
                defer { free(bytes) }
                return Data(bytes: bytes, count: size)
            }
        }
    }

    private func withPixa(_ pages: [PageImage], _ body: (UnsafeMutablePointer<PIXA>, URL) throws -> Data) throws -> Data {
        guard let created = pixaCreate(Int32(pages.count)) else { throw OCRError("no memory") }
        var pixa: UnsafeMutablePointer<PIXA>? = created
        defer { pixaDestroy(&pixa) }
        for page in pages { pixaAddPix(pixa, page.pix, Int32(L_COPY)) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("letter-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(created, folder)
    }
}
