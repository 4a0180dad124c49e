public import SwiftProtobuf

/// Turns protobuf messages into plugin frames: flag `0`, 4-byte big-endian length, body.
///
/// ```swift
/// let bytes = try FrameEncoder.encode(hostMessage)
/// try writer(bytes)
/// ```
///
/// A message whose encoding is larger than the limit is refused with
/// ``WireProtocolError/Code/frameTooLarge`` rather than sent for the peer to reject.
public struct FrameEncoder: Sendable {
    /// The largest body this encoder produces.
    public var maxFrameBytes: Int

    /// Creates an encoder refusing bodies over `maxFrameBytes` (4 MiB by default).
    public init(maxFrameBytes: Int = FrameLimits.maxFrameBytes) {
        precondition(maxFrameBytes >= 0, "maxFrameBytes must not be negative (got \(maxFrameBytes))")
        self.maxFrameBytes = maxFrameBytes
    }

    /// Encodes one message as a complete frame.
    public func encode<M: SwiftProtobuf.Message>(_ message: M) throws(WireProtocolError) -> [UInt8] {
        try Self.encode(message, maxFrameBytes: maxFrameBytes)
    }

    /// Encodes one message as a complete frame (header and body in one array).
    ///
    /// - Throws: ``WireProtocolError/Code/frameTooLarge`` when the body is over
    ///   `maxFrameBytes`, ``WireProtocolError/Code/encodingFailed`` when SwiftProtobuf refuses.
    public static func encode<M: SwiftProtobuf.Message>(
        _ message: M,
        maxFrameBytes: Int = FrameLimits.maxFrameBytes
    ) throws(WireProtocolError) -> [UInt8] {
        var frame: [UInt8] = []
        try append(message, to: &frame, maxFrameBytes: maxFrameBytes)
        return frame
    }

    /// Appends one frame to `bytes`, for writing several frames with a single write.
    /// On error `bytes` is left unchanged.
    public static func append<M: SwiftProtobuf.Message>(
        _ message: M,
        to bytes: inout [UInt8],
        maxFrameBytes: Int = FrameLimits.maxFrameBytes
    ) throws(WireProtocolError) {
        let limit = FrameLimits.effectiveLimit(maxFrameBytes)
        let body: [UInt8]
        do {
            body = try message.serializedBytes()
        } catch {
            throw .encodingFailed(messageType: M.protoMessageName, cause: error)
        }
        guard body.count <= limit else {
            throw .frameTooLarge(length: body.count, limit: limit, messageType: M.protoMessageName)
        }
        bytes.reserveCapacity(bytes.count + FrameLimits.headerBytes + body.count)
        FrameHeader.append(length: body.count, to: &bytes)
        bytes.append(contentsOf: body)
    }
}
