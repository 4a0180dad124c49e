/// A failure to frame, unframe, encode or decode a plugin protocol message.
///
/// Like grpc-swift's `RuntimeError`, the ``code`` is an extensible struct: switch on it with
/// a `default` case. The numbers behind the error (the declared length, the limit, how many
/// bytes arrived) are kept as properties so callers can report them without parsing
/// ``message``; properties that do not apply to a code are `nil`.
///
/// ```swift
/// do {
///     while let message = try decoder.next() { handle(message) }
/// } catch let error where error.code == .frameTooLarge {
///     log("plugin sent \(error.declaredLength!) bytes, limit \(error.limit!)")
/// }
/// ```
public struct WireProtocolError: Error, Sendable {
    /// What kind of failure this is.
    public var code: Code

    /// The part of the frame or message at fault: `frame.header`, `frame.flag`,
    /// `frame.length`, `frame.body` or `message`.
    public var field: String

    /// A clear English sentence naming the field, the value and the limit.
    public var message: String

    /// The bound that was broken: the maximum body size for ``Code/frameTooLarge``.
    public var limit: Int?

    /// How many bytes the frame needed: 5 for a header, the declared length for a body.
    public var expectedBytes: Int?

    /// How many bytes actually arrived before the stream ended.
    public var receivedBytes: Int?

    /// The body length the header declared (or, when encoding, the body's size).
    public var declaredLength: Int?

    /// The flag byte, for ``Code/unknownFlag``.
    public var flag: UInt8?

    /// The protobuf full name of the message type involved, e.g. `xinfang.v1.PluginMessage`.
    public var messageType: String?

    /// The operating system's error number, for ``Code/writeFailed`` on a file descriptor.
    public var osErrorCode: Int32?

    /// The underlying error, e.g. SwiftProtobuf's `BinaryDecodingError`.
    public var cause: (any Error)?

    /// Creates an error. Prefer the static factories, which fill in the numbers and message.
    public init(
        code: Code,
        field: String,
        message: String,
        limit: Int? = nil,
        expectedBytes: Int? = nil,
        receivedBytes: Int? = nil,
        declaredLength: Int? = nil,
        flag: UInt8? = nil,
        messageType: String? = nil,
        osErrorCode: Int32? = nil,
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.field = field
        self.message = message
        self.limit = limit
        self.expectedBytes = expectedBytes
        self.receivedBytes = receivedBytes
        self.declaredLength = declaredLength
        self.flag = flag
        self.messageType = messageType
        self.osErrorCode = osErrorCode
        self.cause = cause
    }
}

extension WireProtocolError {
    /// A code classifying a ``WireProtocolError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case truncatedHeader
            case truncatedBody
            case frameTooLarge
            case unknownFlag
            case malformedMessage
            case encodingFailed
            case writeFailed
        }

        private var value: Value
        private init(_ value: Value) { self.value = value }

        /// The stream ended inside the 5-byte frame header.
        public static var truncatedHeader: Self { Self(.truncatedHeader) }
        /// The stream ended inside a frame body.
        public static var truncatedBody: Self { Self(.truncatedBody) }
        /// A frame declared (or a message needed) more bytes than the limit.
        public static var frameTooLarge: Self { Self(.frameTooLarge) }
        /// The flag byte was not 0 (uncompressed).
        public static var unknownFlag: Self { Self(.unknownFlag) }
        /// A frame body is not a valid encoding of the expected message type.
        public static var malformedMessage: Self { Self(.malformedMessage) }
        /// SwiftProtobuf could not serialize a message.
        public static var encodingFailed: Self { Self(.encodingFailed) }
        /// Writing a frame to its destination failed.
        public static var writeFailed: Self { Self(.writeFailed) }

        /// The code's name, e.g. `frameTooLarge`.
        public var description: String { value.rawValue }
    }
}

extension WireProtocolError: CustomStringConvertible {
    public var description: String {
        if let cause {
            return "\(code): \(message) (cause: \(cause))"
        }
        return "\(code): \(message)"
    }
}

extension WireProtocolError: Hashable {
    // The cause is left out, as in grpc-swift's errors: it is context, not identity.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field && lhs.message == rhs.message
            && lhs.limit == rhs.limit && lhs.expectedBytes == rhs.expectedBytes
            && lhs.receivedBytes == rhs.receivedBytes && lhs.declaredLength == rhs.declaredLength
            && lhs.flag == rhs.flag && lhs.messageType == rhs.messageType
            && lhs.osErrorCode == rhs.osErrorCode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(field)
        hasher.combine(message)
        hasher.combine(declaredLength)
        hasher.combine(receivedBytes)
        hasher.combine(flag)
    }
}

// MARK: - Factories

extension WireProtocolError {
    /// The stream ended after `received` of the 5 header bytes.
    public static func truncatedHeader(received: Int) -> Self {
        Self(
            code: .truncatedHeader,
            field: "frame.header",
            message: "stream ended after \(received) of the \(FrameLimits.headerBytes) frame header bytes",
            expectedBytes: FrameLimits.headerBytes,
            receivedBytes: received
        )
    }

    /// The stream ended after `received` of the `expected` body bytes.
    public static func truncatedBody(expected: Int, received: Int) -> Self {
        Self(
            code: .truncatedBody,
            field: "frame.body",
            message: "stream ended after \(received) of the \(expected) frame body bytes",
            expectedBytes: expected,
            receivedBytes: received,
            declaredLength: expected
        )
    }

    /// A frame of `length` bytes is over `limit`; `messageType` is set when encoding.
    public static func frameTooLarge(length: Int, limit: Int, messageType: String? = nil) -> Self {
        let subject = messageType.map { " (\($0))" } ?? ""
        return Self(
            code: .frameTooLarge,
            field: "frame.length",
            message: "frame length \(length) exceeds the limit of \(limit) bytes\(subject)",
            limit: limit,
            declaredLength: length,
            messageType: messageType
        )
    }

    /// The flag byte was `flag`, not 0.
    public static func unknownFlag(_ flag: UInt8) -> Self {
        Self(
            code: .unknownFlag,
            field: "frame.flag",
            message: "frame flag \(flag) is not supported: only 0 (uncompressed) is accepted",
            flag: flag
        )
    }

    /// A body of `length` bytes did not decode as `messageType`.
    public static func malformedMessage(messageType: String, length: Int, cause: (any Error)?) -> Self {
        let reason = cause.map { ": \($0)" } ?? ""
        return Self(
            code: .malformedMessage,
            field: "frame.body",
            message: "frame body of \(length) bytes is not a valid \(messageType)\(reason)",
            declaredLength: length,
            messageType: messageType,
            cause: cause
        )
    }

    /// SwiftProtobuf refused to serialize a `messageType`.
    public static func encodingFailed(messageType: String, cause: (any Error)?) -> Self {
        let reason = cause.map { ": \($0)" } ?? ""
        return Self(
            code: .encodingFailed,
            field: "message",
            message: "could not encode \(messageType)\(reason)",
            messageType: messageType,
            cause: cause
        )
    }

    /// Writing a frame failed, with the OS error number when there is one.
    public static func writeFailed(reason: String, osErrorCode: Int32? = nil, cause: (any Error)? = nil) -> Self {
        Self(
            code: .writeFailed,
            field: "frame",
            message: "writing a frame failed: \(reason)",
            osErrorCode: osErrorCode,
            cause: cause
        )
    }
}
