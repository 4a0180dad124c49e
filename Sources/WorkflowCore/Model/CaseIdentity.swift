public import Foundation

/// Internal, stable identity of a case (a UUID string). Never shown to petitioners.
public struct CaseID: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A fresh random id.
    public static func generate() -> CaseID { CaseID(rawValue: UUID().uuidString.lowercased()) }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The human case number, `XF-YYYY-NNNNNN`: the year of registration and a serial that
/// the store allocates in the registering transaction and never reuses.
public struct CaseNumber: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public static let prefix = "XF"
    /// Serials are printed with at least this many digits.
    public static let serialDigits = 6

    public let year: Int
    public let serial: Int

    public init(year: Int, serial: Int) {
        self.year = year
        self.serial = serial
    }

    /// Parses `XF-2026-000123` (case-insensitive prefix, at least one serial digit).
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix[...],
            parts[1].count == 4, let year = Int(parts[1]),
            !parts[2].isEmpty, parts[2].allSatisfy(\.isASCII), let serial = Int(parts[2]), serial > 0
        else { return nil }
        self.init(year: year, serial: serial)
    }

    public var description: String {
        let digits = String(serial)
        let padding = String(repeating: "0", count: max(0, Self.serialDigits - digits.count))
        return "\(Self.prefix)-\(year)-\(padding)\(digits)"
    }

    public static func < (lhs: CaseNumber, rhs: CaseNumber) -> Bool {
        (lhs.year, lhs.serial) < (rhs.year, rhs.serial)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = CaseNumber(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a case number: \(text)"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
