import CTesseract
import Foundation

/// One page of a scan as a Leptonica image, freed with the object. Not shared between
/// threads: each page is worked on by one task at a time.
final class PageImage: @unchecked Sendable {
    let pix: UnsafeMutablePointer<PIX>

    /// Takes ownership of `pix`.
    init(taking pix: UnsafeMutablePointer<PIX>) {
        self.pix = pix
    }

    deinit {
        var pointer: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&pointer)
    }

    var width: Int { Int(pixGetWidth(pix)) }
    var height: Int { Int(pixGetHeight(pix)) }
    var depth: Int { Int(pixGetDepth(pix)) }
    /// The resolution the file declares, in dots per inch; 0 when it declares none.
    var resolution: Int { Int(pixGetXRes(pix)) }

    /// Decodes one PNG, JPEG or single-page TIFF image.
    static func decode(_ data: Data) -> PageImage? {
        data.withUnsafeBytes { raw -> PageImage? in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress,
                  let pix = pixReadMem(base, raw.count) else { return nil }
            return PageImage(taking: pix)
        }
    }

    /// Encodes the page as PNG.
    func pngData() -> Data? { encoded { pixWriteMem(&$0, &$1, pix, Int32(IFF_PNG)) } }

    /// Encodes the page as JPEG at `quality` (1...100).
    func jpegData(quality: Int) -> Data? {
        let eight = PageImage(taking: pixConvertTo8(pix, 0))
        return encoded { pixWriteMemJpeg(&$0, &$1, eight.pix, Int32(quality), 0) }
    }

    /// Encodes the page as a TIFF (G4 for 1-bit pages, ZIP otherwise).
    func tiffData() -> Data? {
        let compression = depth == 1 ? IFF_TIFF_G4 : IFF_TIFF_ZIP
        return encoded { pixWriteMemTiff(&$0, &$1, pix, Int32(compression)) }
    }

    private func encoded(_ write: (inout UnsafeMutablePointer<UInt8>?, inout Int) -> Int32) -> Data? {
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard write(&bytes, &size) == 0, let bytes else { return nil }
        defer { free(bytes) }
        return Data(bytes: bytes, count: size)
    }
}
