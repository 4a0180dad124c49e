import SwiftProtobuf
import Testing
import WireProtocol

@Suite("Frame size limits")
struct FrameLimitTests {
    @Test("the default limit is 4 MiB and the header 5 bytes")
    func constants() {
        #expect(FrameLimits.maxFrameBytes == 4_194_304)
        #expect(FrameLimits.headerBytes == 5)
    }

    @Test("a body of exactly the limit is accepted and limit + 1 is refused", arguments: [16, 300])
    func boundary(limit: Int) throws {
        let atLimit = try Samples.message(encodedSize: limit)
        let frame = try FrameEncoder.encode(atLimit, maxFrameBytes: limit)
        #expect(frame.count == FrameLimits.headerBytes + limit)
        #expect(try decodeAll(frame, as: PluginMessage.self, maxFrameBytes: limit) == [atLimit])

        let overLimit = try Samples.message(encodedSize: limit + 1)
        let encodeError = #expect(throws: WireProtocolError.self) {
            try FrameEncoder.encode(overLimit, maxFrameBytes: limit)
        }
        #expect(encodeError?.code == .frameTooLarge)
        #expect(encodeError?.declaredLength == limit + 1)
        #expect(encodeError?.limit == limit)

        // The decoder refuses on the header alone.
        var decoder = FrameDecoder<PluginMessage>(maxFrameBytes: limit)
        decoder.append(header(length: UInt32(limit + 1)))
        let decodeError = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(decodeError?.code == .frameTooLarge)
        #expect(decodeError?.declaredLength == limit + 1)
        #expect(decodeError?.limit == limit)
    }

    @Test("a 4 MiB body passes at the default limit; one byte more is refused by the encoder")
    func defaultLimitBoundary() throws {
        let atLimit = try Samples.message(encodedSize: FrameLimits.maxFrameBytes)
        let frame = try FrameEncoder.encode(atLimit)
        #expect(frame.count == FrameLimits.headerBytes + FrameLimits.maxFrameBytes)
        let decoded = try decodeAll(frame, as: PluginMessage.self)
        #expect(decoded.first?.attachment.data.count == atLimit.attachment.data.count)

        let overLimit = try Samples.message(encodedSize: FrameLimits.maxFrameBytes + 1)
        let error = #expect(throws: WireProtocolError.self) { try FrameEncoder.encode(overLimit) }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.declaredLength == FrameLimits.maxFrameBytes + 1)
        #expect(error?.limit == FrameLimits.maxFrameBytes)
        #expect(error?.messageType == "xinfang.v1.PluginMessage")
        #expect(error?.message == "frame length 4194305 exceeds the limit of 4194304 bytes (xinfang.v1.PluginMessage)")
    }

    @Test("the encoder appends nothing when it refuses a message")
    func refusedAppendLeavesBufferAlone() throws {
        var bytes = try FrameEncoder.encode(Samples.ack(1))
        let before = bytes
        #expect(throws: WireProtocolError.self) {
            try FrameEncoder.append(Samples.submit, to: &bytes, maxFrameBytes: 10)
        }
        #expect(bytes == before)
    }

    @Test("a declared length of 0xFFFFFFFF is refused on the header, before any body byte")
    func hugeDeclaredLength() throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(length: 0xFFFF_FFFF))
        let error = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.declaredLength == 4_294_967_295)
        #expect(error?.limit == FrameLimits.maxFrameBytes)
        #expect(error?.field == "frame.length")
        #expect(error?.message == "frame length 4294967295 exceeds the limit of 4194304 bytes")
        // Nothing of the claimed size was buffered, and later bytes are not kept either.
        #expect(decoder.bufferedByteCount == 0)
        decoder.append([UInt8](repeating: 1, count: 1024))
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("a 5 MiB declared length names the length and the limit")
    func errorMessageText() throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(length: 5_242_880))
        let error = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(error?.message == "frame length 5242880 exceeds the limit of 4194304 bytes")
        let described = error.map(String.init(describing:))
        #expect(described == "frameTooLarge: frame length 5242880 exceeds the limit of 4194304 bytes")
    }

    @Test("the reader reports an oversized frame without pulling more chunks")
    func readerRefusesOnHeader() async throws {
        let chunks = ScriptedChunks([header(length: 0xFFFF_FFFF)], after: .failIfPulled)
        var iterator = chunks.frames(of: PluginMessage.self).makeAsyncIterator()
        let error = await #expect(throws: WireProtocolError.self) { try await iterator.next() }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.declaredLength == 0xFFFF_FFFF)
    }
}
