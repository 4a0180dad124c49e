import CTesseract
import Foundation

/// Turns a scan's bytes into page images, enforcing ``ScanLimits`` before decoding anything
/// large. PNG, JPEG and TIFF (multi-page) are decoded by Leptonica; PDF pages are rendered by
/// poppler's `pdftoppm` at ``ScanLimits/pdfRenderDPI``.
struct ScanReader: Sendable {
    /// Where poppler's tools are looked for first (then PATH).
    var toolDirectories = ["/usr/bin", "/usr/local/bin"]

    /// The pages of `data`, each with the resolution it was read at.
    func pages(of data: Data) throws(ScanError) -> (format: ScanFormat, pages: [ScanPage]) {
        guard !data.isEmpty else { throw ScanError(code: .empty, field: "scan.bytes", message: "the file is empty") }
        guard data.count <= ScanLimits.maxScanBytes else {
            throw ScanError(
                code: .tooLarge, field: "scan.bytes",
                message: "the file has \(data.count) bytes, more than maxScanBytes",
                limit: "\(ScanLimits.maxScanBytes) bytes")
        }
        guard let format = ScanFormat(sniffing: data) else {
            throw ScanError(
                code: .unsupportedFormat, field: "scan.format",
                message: "the file is not PNG, JPEG, TIFF or PDF (its first bytes say none of them)")
        }
        switch format {
        case .png, .jpeg: return (format, [try single(data, format: format)])
        case .tiff: return (format, try tiffPages(data))
        case .pdf: return (format, try pdfPages(data))
        }
    }

    private func checkPixels(width: Int, height: Int, page: Int) throws(ScanError) {
        guard width > 0, height > 0 else {
            throw ScanError(code: .unreadable, field: "scan.pixels", message: "page \(page) has no pixels")
        }
        guard width * height <= ScanLimits.maxPagePixels else {
            throw ScanError(
                code: .tooLarge, field: "scan.pixels",
                message: "page \(page) is \(width)×\(height) pixels, more than maxPagePixels",
                limit: "\(ScanLimits.maxPagePixels) pixels")
        }
    }

    private func checkPages(_ count: Int) throws(ScanError) {
        guard count > 0 else { throw ScanError(code: .empty, field: "scan.pages", message: "the file has no pages") }
        guard count <= ScanLimits.maxPages else {
            throw ScanError(
                code: .tooLarge, field: "scan.pages", message: "the file has \(count) pages, more than maxPages",
                limit: "\(ScanLimits.maxPages) pages")
        }
    }

    private func header(_ data: Data) -> (width: Int, height: Int)? {
        data.withUnsafeBytes { raw -> (Int, Int)? in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            var format: Int32 = 0, width: Int32 = 0, height: Int32 = 0, bits: Int32 = 0, samples: Int32 = 0, colormap: Int32 = 0
            guard pixReadHeaderMem(base, raw.count, &format, &width, &height, &bits, &samples, &colormap) == 0 else { return nil }
            return (Int(width), Int(height))
        }
    }

    private func single(_ data: Data, format: ScanFormat) throws(ScanError) -> ScanPage {
        guard let size = header(data) else {
            throw ScanError(code: .unreadable, field: "scan.format", message: "the \(format.rawValue) header does not decode")
        }
        try checkPixels(width: size.width, height: size.height, page: 1)
        guard let image = PageImage.decode(data) else {
            throw ScanError(code: .unreadable, field: "scan.format", message: "the \(format.rawValue) image does not decode")
        }
        return ScanPage(image: image, resolution: image.resolution)
    }

    private func tiffPages(_ data: Data) throws(ScanError) -> [ScanPage] {
        // The header check covers the first page; Leptonica has no per-page header reader,
        // so the byte limit bounds the rest (a page over the pixel limit is still refused).
        guard let size = header(data) else {
            throw ScanError(code: .unreadable, field: "scan.format", message: "the tiff header does not decode")
        }
        try checkPixels(width: size.width, height: size.height, page: 1)
        let pixa = data.withUnsafeBytes { raw in
            raw.bindMemory(to: UInt8.self).baseAddress.flatMap { pixaReadMemMultipageTiff($0, raw.count) }
        }
        guard let pixa else { throw ScanError(code: .unreadable, field: "scan.format", message: "the tiff pages do not decode") }
        defer {
            var pointer: UnsafeMutablePointer<PIXA>? = pixa
            pixaDestroy(&pointer)
        }
        let count = Int(pixaGetCount(pixa))
        try checkPages(count)
        var pages: [ScanPage] = []
        for index in 0..<count {
            guard let pix = pixaGetPix(pixa, Int32(index), Int32(L_CLONE)) else {
                throw ScanError(code: .unreadable, field: "scan.format", message: "tiff page \(index + 1) does not decode")
            }
            let image = PageImage(taking: pix)
            try checkPixels(width: image.width, height: image.height, page: index + 1)
            pages.append(ScanPage(image: image, resolution: image.resolution))
        }
        return pages
    }

    private func pdfPages(_ data: Data) throws(ScanError) -> [ScanPage] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("letter-ocr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("scan.pdf")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: input)
        } catch {
            throw ScanError(code: .unreadable, field: "scan.format", message: "the pdf could not be staged: \(error)")
        }
        let sizes = try pdfPageSizes(input)
        try checkPages(sizes.count)
        let dpi = Double(ScanLimits.pdfRenderDPI)
        for (index, size) in sizes.enumerated() {
            try checkPixels(width: Int(size.width / 72 * dpi), height: Int(size.height / 72 * dpi), page: index + 1)
        }
        let prefix = folder.appendingPathComponent("page").path
        let rendered = run("pdftoppm", ["-r", "\(ScanLimits.pdfRenderDPI)", "-gray", "-png", input.path, prefix])
        guard rendered.status == 0 else {
            throw ScanError(code: .unreadable, field: "scan.format", message: "pdftoppm could not render the pdf: \(rendered.error)")
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }.sorted()
        try checkPages(files.count)
        return try files.map { name throws(ScanError) in
            guard let bytes = try? Data(contentsOf: folder.appendingPathComponent(name)), let image = PageImage.decode(bytes) else {
                throw ScanError(code: .unreadable, field: "scan.format", message: "a rendered pdf page does not decode")
            }
            return ScanPage(image: image, resolution: ScanLimits.pdfRenderDPI)
        }
    }

    /// Page sizes in points, from `pdfinfo`, before anything is rendered.
    private func pdfPageSizes(_ file: URL) throws(ScanError) -> [(width: Double, height: Double)] {
        let info = run("pdfinfo", ["-f", "1", "-l", "\(ScanLimits.maxPages + 1)", file.path])
        guard info.status == 0 else {
            throw ScanError(code: .unreadable, field: "scan.format", message: "pdfinfo cannot read the pdf: \(info.error)")
        }
        var pages = 0
        var sizes: [(Double, Double)] = []
        for line in info.output.split(separator: "\n") {
            if line.hasPrefix("Pages:") { pages = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0 }
            // "Page    1 size: 595.276 x 841.89 pts (A4)"
            if line.hasPrefix("Page "), line.contains(" size:"), let sizeText = line.split(separator: ":", maxSplits: 1).last {
                let numbers = sizeText.split(separator: " ").compactMap { Double($0) }
                if numbers.count >= 2 { sizes.append((numbers[0], numbers[1])) }
            }
        }
        try checkPages(pages)
        return sizes
    }

    private func run(_ tool: String, _ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let path = toolDirectories.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? tool
        return ChildProcess.run(path, arguments, timeoutSeconds: ScanLimits.pdfToolSeconds)
    }
}

/// One page of a scan and the resolution it was scanned or rendered at (dots per inch).
struct ScanPage: Sendable {
    var image: PageImage
    var resolution: Int
}
