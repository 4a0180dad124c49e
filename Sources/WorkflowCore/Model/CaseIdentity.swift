public import Foundation

/// Internal, stable identity of a case (a UUID string). Never shown to petitioners.
public struct CaseID: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A fresh id for a case registered at `time`: a version 7 UUID (RFC 9562), whose first
    /// 48 bits are the Unix time in milliseconds and the remaining 74 free bits random. Ids
    /// made later sort later, so every table keyed by case id (the case list, case keys, the
    /// event index, timers, org trail) takes new cases at its right edge instead of at random
    /// pages: a batch of registrations dirties a few pages, not one page per row per table.
    public static func generate(at time: Date) -> CaseID {
        let milliseconds = UInt64(max(0, (time.timeIntervalSince1970 * 1000).rounded(.down)))
        var random = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        for index in 6..<16 { bytes[index] = random.next() }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)  // variant 10
        let uuid = UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return CaseID(rawValue: uuid.uuidString.lowercased())
    }

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
