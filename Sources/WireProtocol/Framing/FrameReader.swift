public import SwiftProtobuf

/// The messages framed in an asynchronous sequence of byte chunks, such as the chunks read
/// from a plugin's stdout pipe.
///
/// ```swift
/// let messages = FrameReader(chunks, of: Xinfang_V1_PluginMessage.self)
/// for try await message in messages { ... }
/// ```
///
/// The sequence ends when the chunks end on a frame boundary. It throws
/// ``WireProtocolError`` for a bad frame or a stream that ends inside one, and rethrows
/// the chunk sequence's own errors unchanged; after throwing it ends.
public struct FrameReader<Base: AsyncSequence, M: SwiftProtobuf.Message>: AsyncSequence
where Base.Element: Collection, Base.Element.Element == UInt8 {
    public typealias Element = M
    public typealias Failure = any Error

    private let base: Base
    private let maxFrameBytes: Int
    private let options: BinaryDecodingOptions

    /// Reads `M` messages from `base`, refusing bodies over `maxFrameBytes`.
    public init(
        _ base: Base,
        of type: M.Type = M.self,
        maxFrameBytes: Int = FrameLimits.maxFrameBytes,
        options: BinaryDecodingOptions = BinaryDecodingOptions()
    ) {
        self.base = base
        self.maxFrameBytes = maxFrameBytes
        self.options = options
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: base.makeAsyncIterator(),
            decoder: FrameDecoder(maxFrameBytes: maxFrameBytes, options: options)
        )
    }

    /// Pulls chunks from the base sequence until a whole message is buffered.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: Base.AsyncIterator
        private var decoder: FrameDecoder<M>
        private var finished = false

        fileprivate init(base: Base.AsyncIterator, decoder: FrameDecoder<M>) {
            self.base = base
            self.decoder = decoder
        }

        public mutating func next() async throws -> M? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> M? {
            guard !finished else { return nil }
            do {
                while true {
                    if let message = try decoder.next() {
                        return message
                    }
                    guard let chunk = try await base.next(isolation: actor) else {
                        finished = true
                        try decoder.finish()
                        return nil
                    }
                    decoder.append(chunk)
                }
            } catch {
                finished = true
                throw error
            }
        }
    }
}

extension FrameReader: Sendable where Base: Sendable {}

@available(*, unavailable)
extension FrameReader.AsyncIterator: Sendable {}

extension AsyncSequence where Element: Collection, Element.Element == UInt8 {
    /// The `M` messages framed in this sequence of byte chunks.
    ///
    /// ```swift
    /// for try await message in stdoutChunks.frames(of: Xinfang_V1_PluginMessage.self) { ... }
    /// ```
    public func frames<M: SwiftProtobuf.Message>(
        of type: M.Type,
        maxFrameBytes: Int = FrameLimits.maxFrameBytes
    ) -> FrameReader<Self, M> {
        FrameReader(self, of: type, maxFrameBytes: maxFrameBytes)
    }
}
