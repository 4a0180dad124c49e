public import SwiftProtobuf
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `M` messages as frames through a blocking write function, one whole frame per
/// call, never interleaving frames written from different tasks.
///
/// ```swift
/// let writer = FrameWriter<Xinfang_V1_PluginMessage>(fileDescriptor: STDOUT_FILENO)
/// try writer.write(message)
/// ```
///
/// Writes block the calling thread until the frame is written (a pipe whose reader is slow
/// blocks it). A process writing to a pipe should ignore `SIGPIPE` so that a closed reader
/// becomes a ``WireProtocolError/Code/writeFailed`` error (`EPIPE`) instead of a kill.
public final class FrameWriter<M: SwiftProtobuf.Message>: Sendable {
    /// Writes all of the given bytes, or throws.
    public typealias Sink = @Sendable (_ bytes: [UInt8]) throws -> Void

    /// The largest body this writer sends.
    public let maxFrameBytes: Int

    private let sink: Sink
    // Held across the sink call: a frame is written whole before the next one starts.
    private let lock = Mutex(())

    /// Creates a writer that hands each complete frame to `sink`.
    public init(maxFrameBytes: Int = FrameLimits.maxFrameBytes, sink: @escaping Sink) {
        precondition(maxFrameBytes >= 0, "maxFrameBytes must not be negative (got \(maxFrameBytes))")
        self.maxFrameBytes = maxFrameBytes
        self.sink = sink
    }

    /// Creates a writer onto a blocking file descriptor (e.g. `STDOUT_FILENO` or a pipe).
    /// The descriptor is not closed by the writer.
    public convenience init(fileDescriptor: Int32, maxFrameBytes: Int = FrameLimits.maxFrameBytes) {
        self.init(maxFrameBytes: maxFrameBytes) { bytes in
            try Self.writeAll(bytes, to: fileDescriptor)
        }
    }

    /// Encodes `message` and writes it as one frame.
    ///
    /// - Throws: the encoder's ``WireProtocolError`` (nothing is written then), or
    ///   ``WireProtocolError/Code/writeFailed`` wrapping the sink's error.
    public func write(_ message: M) throws(WireProtocolError) {
        let frame = try FrameEncoder.encode(message, maxFrameBytes: maxFrameBytes)
        try send(frame)
    }

    /// Encodes several messages and writes them with one call to the sink. If any message
    /// cannot be encoded, none is written.
    public func write(contentsOf messages: some Sequence<M>) throws(WireProtocolError) {
        var frames: [UInt8] = []
        for message in messages {
            try FrameEncoder.append(message, to: &frames, maxFrameBytes: maxFrameBytes)
        }
        guard !frames.isEmpty else { return }
        try send(frames)
    }

    private func send(_ frames: [UInt8]) throws(WireProtocolError) {
        let sink = self.sink
        do {
            try lock.withLock { _ in try sink(frames) }
        } catch let error as WireProtocolError {
            throw error
        } catch {
            throw .writeFailed(reason: "\(error)", cause: error)
        }
    }

    /// Writes every byte, retrying after signals and partial writes.
    static func writeAll(_ bytes: [UInt8], to fileDescriptor: Int32) throws(WireProtocolError) {
        let failedErrno: Int32? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    return code
                }
                offset += written
            }
            return nil
        }
        if let code = failedErrno {
            throw .writeFailed(
                reason: "write(2) on descriptor \(fileDescriptor) failed with errno \(code) "
                    + "(\(String(cString: strerror(code))))",
                osErrorCode: code
            )
        }
    }
}

#if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}
#endif
