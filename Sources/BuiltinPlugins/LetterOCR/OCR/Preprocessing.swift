import CTesseract

/// The steps a page goes through before Tesseract reads it. The default is what the
/// benchmark (bench/results/letter-ocr.md) showed to help; each step can be switched off
/// to measure it (`letter-ocr scan --preprocess …`).
struct Preprocessing: Sendable, Hashable, CustomStringConvertible {
    /// Scale pages scanned under ``minimumResolution`` up to ``targetResolution``.
    var scale: Bool
    /// Find the skew angle and rotate it away.
    var deskew: Bool
    /// Threshold with Sauvola's local method instead of Tesseract's global Otsu.
    var binarize: Bool

    /// What the plugin uses (see docs/letter-ocr.md for the measurements).
    static let standard = Preprocessing(scale: true, deskew: true, binarize: true)
    /// Nothing: the page as scanned, straight to Tesseract.
    static let none = Preprocessing(scale: false, deskew: false, binarize: false)

    /// Pages declaring fewer dots per inch are scaled up.
    static let minimumResolution = 250
    /// The resolution pages are scaled up to (Tesseract's sweet spot for body text).
    static let targetResolution = 300
    /// Pages without a declared resolution narrower than this are assumed to be A4 scanned
    /// below ``minimumResolution``.
    static let minimumA4Width = 1_800
    /// The largest scale factor applied.
    static let maximumScale = 4.0

    /// Parses `scale,deskew,binarize` (any subset; `none` for none).
    init?(list: String) {
        let names = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard names.isSubset(of: ["scale", "deskew", "binarize", "none"]) else { return nil }
        self.init(scale: names.contains("scale"), deskew: names.contains("deskew"), binarize: names.contains("binarize"))
    }

    init(scale: Bool, deskew: Bool, binarize: Bool) {
        self.scale = scale
        self.deskew = deskew
        self.binarize = binarize
    }

    var description: String {
        let steps = [scale ? "scale" : nil, deskew ? "deskew" : nil, binarize ? "binarize" : nil].compactMap { $0 }
        return steps.isEmpty ? "none" : steps.joined(separator: ",")
    }

    /// The page prepared for Tesseract, and the resolution it now has.
    func apply(to page: ScanPage) -> ScanPage {
        var image = page.image
        var resolution = page.resolution
        if scale, let factor = scaleFactor(width: image.width, resolution: resolution), factor > 1.05 {
            let gray = PageImage(taking: pixConvertTo8(image.pix, 0))
            if let scaled = pixScale(gray.pix, Float(factor), Float(factor)) {
                image = PageImage(taking: scaled)
                resolution = resolution > 0 ? Int(Double(resolution) * factor) : Self.targetResolution
            }
        }
        if deskew {
            var angle: Float = 0, confidence: Float = 0
            if let straight = pixFindSkewAndDeskew(image.pix, 2, &angle, &confidence) {
                image = PageImage(taking: straight)
            }
        }
        if binarize {
            let gray = PageImage(taking: pixConvertTo8(image.pix, 0))
            var binary: UnsafeMutablePointer<PIX>?
            let window = Int32(max(8, (resolution > 0 ? resolution : Self.targetResolution) / 12))
            if pixSauvolaBinarizeTiled(gray.pix, window, 0.34, 1, 1, nil, &binary) == 0, let binary {
                image = PageImage(taking: binary)
            }
        }
        if resolution <= 0 { resolution = Self.targetResolution }
        return ScanPage(image: image, resolution: resolution)
    }

    /// How much to enlarge a page, or nil when it is fine as it is.
    func scaleFactor(width: Int, resolution: Int) -> Double? {
        let factor: Double
        if resolution > 0 {
            guard resolution < Self.minimumResolution else { return nil }
            factor = Double(Self.targetResolution) / Double(resolution)
        } else {
            guard width < Self.minimumA4Width else { return nil }
            factor = 2_480 / Double(width)
        }
        return min(factor, Self.maximumScale)
    }
}
