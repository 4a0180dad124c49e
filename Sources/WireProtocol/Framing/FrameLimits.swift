/// The fixed sizes of the plugin frame format.
///
/// A frame is gRPC message framing: one flag byte (`0`, uncompressed, is the only value
/// accepted), a 4-byte big-endian unsigned body length, then that many bytes of protobuf.
///
/// ```
/// +------+----------------+----------------------+
/// | flag | length (BE u32)| body (length bytes)  |
/// +------+----------------+----------------------+
/// ```
public enum FrameLimits {
    /// The largest frame body either side may send unless a smaller limit is negotiated
    /// (the host's `Welcome.max_frame_bytes`): 4 MiB.
    public static let maxFrameBytes = 4 * 1024 * 1024

    /// The size of the frame header: the flag byte plus the 4-byte length.
    public static let headerBytes = 5

    /// The only flag value accepted: the body is not compressed.
    public static let uncompressedFlag: UInt8 = 0

    /// The largest body length the 4-byte header can express.
    static let maxEncodableLength = Int(UInt32.max)

    /// The limit that actually applies: a caller's limit, never more than the header can say.
    static func effectiveLimit(_ maxFrameBytes: Int) -> Int {
        precondition(maxFrameBytes >= 0, "maxFrameBytes must not be negative (got \(maxFrameBytes))")
        return min(maxFrameBytes, maxEncodableLength)
    }
}

/// A parsed frame header.
struct FrameHeader: Equatable {
    var flag: UInt8
    var length: Int

    /// Parses the 5 header bytes starting at `start`; the caller guarantees they are there.
    init(_ bytes: [UInt8], at start: Int) {
        self.flag = bytes[start]
        self.length =
            Int(bytes[start + 1]) << 24 | Int(bytes[start + 2]) << 16
            | Int(bytes[start + 3]) << 8 | Int(bytes[start + 4])
    }

    /// Checks the flag and the declared length, in that order: a bad flag means the stream
    /// is not ours and its "length" means nothing.
    func validate(limit: Int) throws(WireProtocolError) {
        guard flag == FrameLimits.uncompressedFlag else {
            throw .unknownFlag(flag)
        }
        guard length <= limit else {
            throw .frameTooLarge(length: length, limit: limit)
        }
    }

    /// Appends an uncompressed header for a body of `length` bytes.
    static func append(length: Int, to bytes: inout [UInt8]) {
        let length = UInt32(length)
        bytes.append(FrameLimits.uncompressedFlag)
        bytes.append(UInt8(truncatingIfNeeded: length >> 24))
        bytes.append(UInt8(truncatingIfNeeded: length >> 16))
        bytes.append(UInt8(truncatingIfNeeded: length >> 8))
        bytes.append(UInt8(truncatingIfNeeded: length))
    }
}
