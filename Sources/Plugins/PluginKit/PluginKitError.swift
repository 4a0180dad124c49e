/// A failure seen by a plugin: the host said no (``Code/host``), refused the handshake
/// (``Code/refused``), went away (``Code/closed``), or broke the protocol
/// (``Code/protocolViolation``).
///
/// ```swift
/// do {
///     _ = try await plugin.submit(submission)
/// } catch let error as PluginKitError where error.hostCode == "invalid_field" {
///     plugin.log(.warning, "fix \(error.field ?? "?"): \(error.message)")
/// }
/// ```
public struct PluginKitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case host, refused, closed, protocolViolation }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The host answered a request with an error (``PluginKitError/hostCode`` says which).
        public static var host: Self { Self(.host) }
        /// The host refused the handshake (``PluginKitError/hostCode`` is the refusal code).
        public static var refused: Self { Self(.refused) }
        /// The connection to the host is closed (it stopped the plugin, or went away).
        public static var closed: Self { Self(.closed) }
        /// The host sent something the protocol does not allow, or a frame was bad.
        public static var protocolViolation: Self { Self(.protocolViolation) }

        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The host's code: `invalid_field`, `not_granted`, `not_found`, `command_not_allowed`,
    /// `rule_refused`, `frame_too_large`, `protocol`, `internal`; for a refusal
    /// `unsupported_version`, `name_mismatch`, `capability_not_granted`, `handshake_expected`.
    public var hostCode: String
    /// A sentence naming the field and the limit where there is one.
    public var message: String
    /// The field at fault (e.g. `submission.subject`), when the host named one.
    public var field: String?
    /// The limit broken (e.g. `200 characters`), when there is one.
    public var limit: String?

    public init(code: Code, hostCode: String = "", message: String, field: String? = nil, limit: String? = nil) {
        self.code = code
        self.hostCode = hostCode
        self.message = message
        self.field = field
        self.limit = limit
    }

    public var description: String {
        let prefix = hostCode.isEmpty ? "\(code)" : "\(code) \(hostCode)"
        return "\(prefix): \(message)" + (field.map { " [field \($0)]" } ?? "") + (limit.map { " (limit \($0))" } ?? "")
    }
}
