import SwiftProtobuf
import Testing
import WireProtocol

@Suite("Frame round trips")
struct FrameRoundTripTests {
    @Test("a plugin message with Chinese text survives encode and decode")
    func pluginMessageRoundTrip() throws {
        let frame = try FrameEncoder.encode(Samples.submit)
        let body: [UInt8] = try Samples.submit.serializedBytes()
        #expect(frame.count == FrameLimits.headerBytes + body.count)
        #expect(Array(frame.prefix(5)) == header(length: UInt32(body.count)))
        #expect(Array(frame.dropFirst(5)) == body)

        let decoded = try decodeAll(frame, as: PluginMessage.self)
        #expect(decoded == [Samples.submit])
        #expect(decoded.first?.submit.submission.subject == "小区噪音扰民")
        #expect(decoded.first?.submit.submission.petitioner.name == "张三")
    }

    @Test("host messages survive encode and decode")
    func hostMessageRoundTrip() throws {
        var bytes: [UInt8] = []
        try FrameEncoder.append(Samples.welcome, to: &bytes)
        try FrameEncoder.append(Samples.refusal, to: &bytes)
        let decoded = try decodeAll(bytes, as: HostMessage.self)
        #expect(decoded == [Samples.welcome, Samples.refusal])
        #expect(decoded.last?.refusal.reason.hasPrefix("渠道") == true)
    }

    @Test("an encoder instance uses its own limit")
    func encoderInstance() throws {
        let encoder = FrameEncoder(maxFrameBytes: 8)
        #expect(try encoder.encode(Samples.ack(1)).count == 5 + 4)
        let error = #expect(throws: WireProtocolError.self) { try encoder.encode(Samples.hello) }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.limit == 8)
    }

    @Test("many frames in one chunk come out in order")
    func manyFramesInOneChunk() throws {
        let messages = (1...200).map { Samples.ack(UInt64($0)) } + [Samples.hello, Samples.submit]
        var bytes: [UInt8] = []
        for message in messages { try FrameEncoder.append(message, to: &bytes) }

        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(bytes)
        var decoded: [PluginMessage] = []
        while let message = try decoder.next() { decoded.append(message) }
        #expect(decoded == messages)
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test("frames split byte by byte come out whole, each as soon as its last byte arrives")
    func byteByByte() throws {
        let messages = [Samples.hello, Samples.ack(9), PluginMessage(), Samples.submit]
        var frameEnds: [Int] = []
        var bytes: [UInt8] = []
        for message in messages {
            try FrameEncoder.append(message, to: &bytes)
            frameEnds.append(bytes.count)
        }

        var decoder = FrameDecoder<PluginMessage>()
        var decoded: [PluginMessage] = []
        var completedAt: [Int] = []
        for (index, byte) in bytes.enumerated() {
            decoder.append(CollectionOfOne(byte))
            while let message = try decoder.next() {
                decoded.append(message)
                completedAt.append(index + 1)
            }
        }
        try decoder.finish()
        #expect(decoded == messages)
        #expect(completedAt == frameEnds)
    }

    @Test("every two-chunk split of a stream decodes to the same messages")
    func everySplitPoint() throws {
        let messages = [Samples.hello, Samples.submit, Samples.ack(3)]
        var bytes: [UInt8] = []
        for message in messages { try FrameEncoder.append(message, to: &bytes) }

        for cut in 0...bytes.count {
            var decoder = FrameDecoder<PluginMessage>()
            var decoded: [PluginMessage] = []
            decoder.append(bytes[..<cut])
            while let message = try decoder.next() { decoded.append(message) }
            decoder.append(bytes[cut...])
            while let message = try decoder.next() { decoded.append(message) }
            try decoder.finish()
            #expect(decoded == messages, "split at byte \(cut)")
        }
    }

    @Test("an empty body is a valid default message")
    func emptyBody() throws {
        let frame = try FrameEncoder.encode(PluginMessage())
        #expect(frame == [0, 0, 0, 0, 0])

        let decoded = try decodeAll(header(length: 0), as: PluginMessage.self)
        #expect(decoded == [PluginMessage()])
        #expect(decoded.first?.body == nil)
    }

    @Test("a clean end of stream is not an error, and unread whole frames are not truncation")
    func finishOnBoundary() throws {
        var decoder = FrameDecoder<PluginMessage>()
        try decoder.finish()
        decoder.append(try FrameEncoder.encode(Samples.ack(1)))
        try decoder.finish()
        #expect(try decoder.next() == Samples.ack(1))
        #expect(try decoder.next() == nil)
        try decoder.finish()
    }
}
