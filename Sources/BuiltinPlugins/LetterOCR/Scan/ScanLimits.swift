/// The limits on one scan, named in the errors that enforce them.
enum ScanLimits {
    /// The largest scan file, in bytes. The scan travels to the daemon as one attachment
    /// frame (4 MiB at most, with room for the frame's other fields).
    static let maxScanBytes = 4_000_000
    /// The most pixels one page may have once decoded (a 600 dpi A4 page is 34.8 million):
    /// a larger header is refused before anything is decoded.
    static let maxPagePixels = 40_000_000
    /// The most pages one scan (a multi-page TIFF or PDF) may have.
    static let maxPages = 20
    /// The resolution PDF pages are rendered at, in dots per inch.
    static let pdfRenderDPI = 300
    /// The longest time the PDF tools may take on one scan, in seconds.
    static let pdfToolSeconds = 120
}
