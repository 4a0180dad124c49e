import Foundation

/// The picture formats the app may upload, told by their first bytes (not by what the
/// request claims).
enum PhotoFormat: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"

    var fileExtension: String { self == .jpeg ? "jpg" : "png" }

    init?(sniffing data: Data) {
        let head = Array(data.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else {
            return nil
        }
    }
}
