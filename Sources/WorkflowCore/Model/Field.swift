/// A named value on a command or event: `reason`, `reply`, `target_org`, `decision`, ...
public struct Field: Hashable, Sendable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == Field {
    /// The value of the first field with this name.
    public subscript(field name: String) -> String? {
        first { $0.name == name }?.value
    }
}
