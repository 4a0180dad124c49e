import Foundation

/// The file formats a scan may have, told apart by their first bytes (not the file name).
enum ScanFormat: String, Sendable, CaseIterable {
    case png, jpeg, tiff, pdf

    /// The format of `data`, or nil when it is none of them.
    init?(sniffing data: Data) {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            self = .tiff
        } else if head.starts(with: Array("%PDF-".utf8)) {
            self = .pdf
        } else {
            return nil
        }
    }

    /// The media type the scan is stored under.
    var mediaType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .tiff: "image/tiff"
        case .pdf: "application/pdf"
        }
    }

    /// The usual file name extension.
    var fileExtension: String {
        switch self {
        case .png: "png"
        case .jpeg: "jpg"
        case .tiff: "tif"
        case .pdf: "pdf"
        }
    }
}
