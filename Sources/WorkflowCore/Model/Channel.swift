/// An intake channel (来源渠道). Open set: plugins add their own channel ids.
public struct Channel: Hashable, Sendable, Codable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let visit: Channel = "visit"
    public static let letter: Channel = "letter"
    public static let online: Channel = "online"
    public static let phone: Channel = "phone"
    public static let hotline12345: Channel = "hotline12345"
    public static let grid: Channel = "grid"

    /// Well-known channels with their labels and default workflows.
    public static let known: [Channel: (label: String, workflow: String)] = [
        .visit: ("走访", "xinfang"), .letter: ("来信", "xinfang"), .online: ("网上信访", "xinfang"),
        .phone: ("电话", "xinfang"), .hotline12345: ("12345热线", "hotline12345"), .grid: ("网格上报", "grid"),
    ]

    public var label: String { Channel.known[self]?.label ?? rawValue }
    /// The workflow a submission on this channel uses when it names none.
    public var defaultWorkflow: String { Channel.known[self]?.workflow ?? "xinfang" }

    /// Channel ids are short lowercase ASCII words.
    public var isWellFormed: Bool {
        !rawValue.isEmpty && rawValue.count <= 32
            && rawValue.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
