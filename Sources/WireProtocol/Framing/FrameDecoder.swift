public import SwiftProtobuf

/// An incremental decoder of plugin frames, fed byte chunks as they arrive from a pipe.
///
/// ```swift
/// var decoder = FrameDecoder<Xinfang_V1_PluginMessage>()
/// decoder.append(chunk)
/// while let message = try decoder.next() { handle(message) }
/// // at end of stream:
/// try decoder.finish()
/// ```
///
/// The header is checked as soon as its 5 bytes are in: a bad flag or a length over the
/// limit throws at once, without waiting for (or reserving room for) the body. Only bytes
/// that actually arrived are buffered. After any error the decoder is poisoned: every later
/// ``next()`` and ``finish()`` throws the same error and appended bytes are dropped, since
/// the stream can no longer be trusted to be on a frame boundary.
public struct FrameDecoder<M: SwiftProtobuf.Message>: Sendable {
    /// The largest body accepted.
    public let maxFrameBytes: Int

    /// Options passed to SwiftProtobuf for every body (e.g. the nesting depth limit).
    public let options: BinaryDecodingOptions

    private var buffer: [UInt8] = []
    /// Bytes before this index belong to frames already returned.
    private var readIndex = 0
    private var failure: WireProtocolError?

    /// Buffers above this size are released, not kept, once fully consumed, so one large
    /// frame does not pin its memory for the life of the plugin.
    private static var retainedCapacity: Int { 64 * 1024 }

    /// Creates a decoder accepting bodies of at most `maxFrameBytes` (4 MiB by default).
    public init(
        maxFrameBytes: Int = FrameLimits.maxFrameBytes,
        options: BinaryDecodingOptions = BinaryDecodingOptions()
    ) {
        self.maxFrameBytes = FrameLimits.effectiveLimit(maxFrameBytes)
        self.options = options
    }

    /// The bytes received but not yet returned as messages.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// The error that poisoned this decoder, if any.
    public var error: WireProtocolError? { failure }

    /// Adds bytes read from the stream. Chunks may split frames anywhere.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil, !bytes.isEmpty else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete message, or `nil` when more bytes are needed.
    ///
    /// - Throws: ``WireProtocolError`` with code `unknownFlag`, `frameTooLarge` or
    ///   `malformedMessage`; then the same error on every later call.
    public mutating func next() throws(WireProtocolError) -> M? {
        if let failure { throw failure }
        let available = buffer.count - readIndex
        guard available >= FrameLimits.headerBytes else { return nil }

        let header = FrameHeader(buffer, at: readIndex)
        do {
            try header.validate(limit: maxFrameBytes)
        } catch {
            throw poison(error)
        }
        guard available - FrameLimits.headerBytes >= header.length else { return nil }

        let start = readIndex + FrameLimits.headerBytes
        let end = start + header.length
        let message: M
        do {
            message = try M(
                serializedBytes: FrameBody(buffer[start..<end]),
                partial: false,
                options: options
            )
        } catch {
            throw poison(.malformedMessage(messageType: M.protoMessageName, length: header.length, cause: error))
        }
        readIndex = end
        return message
    }

    /// Checks that the stream ended on a frame boundary.
    ///
    /// Call it at end of stream, after ``next()`` has returned `nil`. Complete frames still
    /// buffered are not an error (``next()`` can still return them); an incomplete one is.
    ///
    /// - Throws: ``WireProtocolError`` with code `truncatedHeader` or `truncatedBody` (or the
    ///   header errors of a frame not yet reached by ``next()``), or the poisoning error.
    public func finish() throws(WireProtocolError) {
        if let failure { throw failure }
        var index = readIndex
        while index < buffer.count {
            let available = buffer.count - index
            guard available >= FrameLimits.headerBytes else {
                throw .truncatedHeader(received: available)
            }
            let header = FrameHeader(buffer, at: index)
            try header.validate(limit: maxFrameBytes)
            let received = available - FrameLimits.headerBytes
            guard received >= header.length else {
                throw .truncatedBody(expected: header.length, received: received)
            }
            index += FrameLimits.headerBytes + header.length
        }
    }

    private mutating func poison(_ error: WireProtocolError) -> WireProtocolError {
        failure = error
        buffer = []
        readIndex = 0
        return error
    }

    /// Drops consumed bytes before new ones are appended, so the buffer holds at most the
    /// unread tail plus what just arrived.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            if buffer.capacity > Self.retainedCapacity {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        readIndex = 0
    }
}

/// A frame body handed to SwiftProtobuf without copying it out of the decoder's buffer.
private struct FrameBody: SwiftProtobufContiguousBytes {
    var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    init(repeating: UInt8, count: Int) { bytes = ArraySlice(repeating: repeating, count: count) }
    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 { bytes = ArraySlice(sequence) }

    var count: Int { bytes.count }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeMutableBytes(body)
    }
}
