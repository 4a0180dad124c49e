import Foundation
import Testing
@testable import LetterOCRPlugin

/// The limits on scans, named in the errors, and the formats read (no OCR here).
struct ScanReaderTests {
    /// A PNG signature, a header claiming `width`×`height` and the end chunk: no pixel data.
    static func pngHeader(width: UInt32, height: UInt32) -> Data {
        var chunk = Data("IHDR".utf8)
        for value in [width, height] { chunk += withUnsafeBytes(of: value.bigEndian) { Data($0) } }
        chunk += Data([8, 0, 0, 0, 0])
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + chunk
        data += withUnsafeBytes(of: crc32(chunk).bigEndian) { Data($0) }
        return data + Data([0, 0, 0, 0]) + Data("IEND".utf8) + Data([0xAE, 0x42, 0x60, 0x82])
    }

    /// The CRC-32 PNG chunks carry (polynomial 0xEDB88320).
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    func error(_ data: Data) -> ScanError? {
        do {
            _ = try ScanReader().pages(of: data)
            return nil
        } catch {
            return error
        }
    }

    @Test func refusesEmptyOversizedAndUnknownFilesNamingTheLimit() {
        #expect(error(Data())?.field == "scan.bytes")
        let big = error(Data(repeating: 0xFF, count: ScanLimits.maxScanBytes + 1))
        #expect(big?.code == .tooLarge)
        #expect(big?.limit == "\(ScanLimits.maxScanBytes) bytes")
        #expect(big?.message.contains("maxScanBytes") == true)
        let gif = error(Data("GIF89a....".utf8))
        #expect(gif?.code == .unsupportedFormat)
        #expect(gif?.field == "scan.format")
    }

    @Test func refusesAPageOverThePixelLimitBeforeDecodingIt() {
        let huge = error(Self.pngHeader(width: 20_000, height: 20_000))
        #expect(huge?.code == .tooLarge)
        #expect(huge?.field == "scan.pixels")
        #expect(huge?.limit == "\(ScanLimits.maxPagePixels) pixels")
        // Within the limit the header passes and the missing pixels are what fails.
        #expect(error(Self.pngHeader(width: 100, height: 100))?.code == .unreadable)
    }

    @Test func refusesABrokenPDFAndOneWithTooManyPages() throws {
        #expect(error(Data("%PDF-1.4\nnot really a pdf".utf8))?.code == .unreadable)
        var renderer = SampleRenderer()
        renderer.dpi = 50
        renderer.format = .pdf
        renderer.pages = ScanLimits.maxPages + 1
        var random = SampleRandom(seed: 3)
        var letter = SampleLetter.make(using: &random)
        letter.text = Array(repeating: "第页", count: ScanLimits.maxPages + 1).joined(separator: "\n")
        let pages = error(try renderer.render(letter))
        #expect(pages?.field == "scan.pages")
        #expect(pages?.limit == "\(ScanLimits.maxPages) pages")
    }

    @Test(arguments: [ScanFormat.png, .jpeg, .tiff, .pdf])
    func readsEveryFormat(_ format: ScanFormat) throws {
        var renderer = SampleRenderer()
        renderer.dpi = 100
        renderer.format = format
        renderer.pages = format == .tiff || format == .pdf ? 2 : 1
        var random = SampleRandom(seed: 5)
        let data = try renderer.render(SampleLetter.make(using: &random))
        #expect(ScanFormat(sniffing: data) == format)
        let read = try ScanReader().pages(of: data)
        #expect(read.format == format)
        #expect(read.pages.count == renderer.pages)
        #expect(read.pages.allSatisfy { $0.image.width > 700 && $0.image.height > 1000 })
    }

    @Test func settingsNameTheConfigKeyTheyRefuse() {
        #expect(throws: SettingsError.self) { try LetterOCRSettings(config: ["poll_ms": "soon"], stateDirectory: "/tmp") }
        #expect(throws: SettingsError.self) { try LetterOCRSettings(config: ["listen": "nowhere"], stateDirectory: "/tmp") }
        #expect(throws: SettingsError.self) { try LetterOCRSettings(config: ["preprocess": "sharpen"], stateDirectory: "/tmp") }
        let settings = try? LetterOCRSettings(config: ["listen": "127.0.0.1:0", "preprocess": "none"], stateDirectory: "/tmp/x")
        #expect(settings?.listenHost == "127.0.0.1")
        #expect(settings?.preprocessing == Preprocessing.none)
        #expect(settings?.inbox.path == "/tmp/x/inbox")
    }
}
