/// A manifest that cannot be used: which file, which field, and why. A plugin whose
/// manifest is wrong is shown as `failed` with this error; the other plugins run.
///
/// ```text
/// plugins/mailbox/manifest.yaml: grants.submit_channels[1]: `Phone` is not a channel id (lowercase letters, digits, `_`, `-`; at most 32 characters)
/// ```
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case unreadable, syntax, unknownKey, invalidValue }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file cannot be read.
        public static var unreadable: Self { Self(.unreadable) }
        /// Not YAML (or JSON), or a value of the wrong shape, or a required key missing.
        public static var syntax: Self { Self(.syntax) }
        /// A key the format does not have (a typo such as `grant`).
        public static var unknownKey: Self { Self(.unknownKey) }
        /// A value out of its domain or over its limit.
        public static var invalidValue: Self { Self(.invalidValue) }

        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The manifest file.
    public var file: String
    /// The field path, e.g. `grants.event_types[2]` (empty: the whole file).
    public var field: String
    /// What is wrong, naming the limit where there is one.
    public var problem: String

    public init(_ code: Code, file: String, field: String, _ problem: String) {
        self.code = code
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String {
        field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)"
    }
}
