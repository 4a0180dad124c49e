/// Why a scan cannot be read: a coded error naming the field (`scan.bytes`, `scan.pages`,
/// `scan.pixels`, `scan.format`) and, where there is one, the limit.
struct ScanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; new codes may be added.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case tooLarge, unsupportedFormat, unreadable, empty }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Over a limit on bytes, pixels or pages.
        static var tooLarge: Self { Self(.tooLarge) }
        /// Not PNG, JPEG, TIFF or PDF.
        static var unsupportedFormat: Self { Self(.unsupportedFormat) }
        /// The format is known but the content does not decode.
        static var unreadable: Self { Self(.unreadable) }
        /// No bytes, or no pages.
        static var empty: Self { Self(.empty) }

        var description: String { value.rawValue }
    }

    var code: Code
    var field: String
    var message: String
    var limit: String?

    var description: String {
        "\(code) [\(field)]: \(message)" + (limit.map { " (limit \($0))" } ?? "")
    }
}
