import SwiftProtobuf
import Testing
import WireProtocol

@Suite("Frame errors")
struct FrameErrorTests {
    @Test("a stream ending inside the header reports how many header bytes came", arguments: 1...4)
    func truncatedHeader(received: Int) throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(length: 3).prefix(received))
        #expect(try decoder.next() == nil)
        let error = #expect(throws: WireProtocolError.self) { try decoder.finish() }
        #expect(error?.code == .truncatedHeader)
        #expect(error?.receivedBytes == received)
        #expect(error?.expectedBytes == 5)
        #expect(error?.field == "frame.header")
        #expect(error?.message == "stream ended after \(received) of the 5 frame header bytes")
    }

    @Test("a stream ending inside a body reports expected and received bytes")
    func truncatedBody() throws {
        let frame = try FrameEncoder.encode(Samples.submit)
        let bodyCount = frame.count - 5
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(try FrameEncoder.encode(Samples.hello))
        decoder.append(frame.dropLast(7))
        #expect(try decoder.next() == Samples.hello)
        #expect(try decoder.next() == nil)
        let error = #expect(throws: WireProtocolError.self) { try decoder.finish() }
        #expect(error?.code == .truncatedBody)
        #expect(error?.expectedBytes == bodyCount)
        #expect(error?.declaredLength == bodyCount)
        #expect(error?.receivedBytes == bodyCount - 7)
        #expect(error?.message == "stream ended after \(bodyCount - 7) of the \(bodyCount) frame body bytes")
    }

    @Test("a header with no body byte at all is a truncated body of 0 bytes")
    func headerOnly() throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(length: 12))
        #expect(try decoder.next() == nil)
        let error = #expect(throws: WireProtocolError.self) { try decoder.finish() }
        #expect(error?.code == .truncatedBody)
        #expect(error?.expectedBytes == 12)
        #expect(error?.receivedBytes == 0)
    }

    @Test("a flag other than 0 is refused at once", arguments: [UInt8(1), 0x80, 0xFF])
    func unknownFlag(flag: UInt8) throws {
        var decoder = FrameDecoder<PluginMessage>()
        // A plausible length and no body yet: the flag alone decides.
        decoder.append(header(flag: flag, length: 2))
        let error = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(error?.code == .unknownFlag)
        #expect(error?.flag == flag)
        #expect(error?.field == "frame.flag")
        #expect(error?.message == "frame flag \(flag) is not supported: only 0 (uncompressed) is accepted")
    }

    @Test("a bad flag is reported before an oversized length")
    func flagCheckedFirst() throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(flag: 1, length: 0xFFFF_FFFF))
        let error = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(error?.code == .unknownFlag)
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var body: [UInt8]
        var cause: BinaryDecodingError
        var testDescription: String { name }
    }

    static let malformedBodies: [Malformed] = [
        // Tag 0x0F: field 1 with wire type 7, which does not exist.
        Malformed(name: "invalid wire type", body: [0x0F], cause: .malformedProtobuf),
        // Tag 0x00: field number 0 is reserved.
        Malformed(name: "field number 0", body: [0x00, 0x01], cause: .malformedProtobuf),
        // Field 15, varint, whose value stops after a continuation byte (SwiftProtobuf
        // reports a varint running off the end as malformed, not truncated).
        Malformed(name: "truncated varint", body: [0x78, 0x80], cause: .malformedProtobuf),
        // Field 15, fixed64, with 3 of its 8 bytes.
        Malformed(name: "truncated fixed64", body: [0x79, 0x01, 0x02, 0x03], cause: .truncated),
        // Field 1 (hello) declares 5 bytes and has 1.
        Malformed(name: "truncated submessage", body: [0x0A, 0x05, 0x01], cause: .truncated),
        // hello.plugin_name = 0xFF, not UTF-8.
        Malformed(name: "invalid UTF-8 string", body: [0x0A, 0x03, 0x12, 0x01, 0xFF], cause: .invalidUTF8),
    ]

    @Test("a body that is not a PluginMessage is malformedMessage naming the type", arguments: malformedBodies)
    func malformedBody(_ sample: Malformed) throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(length: UInt32(sample.body.count)) + sample.body)
        let error = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(error?.code == .malformedMessage)
        #expect(error?.messageType == "xinfang.v1.PluginMessage")
        #expect(error?.declaredLength == sample.body.count)
        #expect(error?.cause as? BinaryDecodingError == sample.cause)
        let prefix = "frame body of \(sample.body.count) bytes is not a valid xinfang.v1.PluginMessage"
        #expect(error?.message.hasPrefix(prefix) == true)
    }

    @Test("after an error the decoder keeps throwing the same error and ignores new bytes")
    func poisoned() throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(flag: 0x80, length: 0))
        let first = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(decoder.error == first)

        decoder.append(try FrameEncoder.encode(Samples.hello))
        #expect(decoder.bufferedByteCount == 0)
        let second = #expect(throws: WireProtocolError.self) { try decoder.next() }
        let atEnd = #expect(throws: WireProtocolError.self) { try decoder.finish() }
        #expect(first != nil)
        #expect(second == first)
        #expect(atEnd == first)
    }

    @Test("a malformed body poisons the decoder even when a good frame follows")
    func malformedPoisons() throws {
        var decoder = FrameDecoder<PluginMessage>()
        decoder.append(header(length: 1) + [0x0F])
        decoder.append(try FrameEncoder.encode(Samples.hello))
        let first = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(first?.code == .malformedMessage)
        let second = #expect(throws: WireProtocolError.self) { try decoder.next() }
        #expect(second == first)
    }

    @Test("error codes are distinct and print their names")
    func codes() {
        let codes: [WireProtocolError.Code] = [
            .truncatedHeader, .truncatedBody, .frameTooLarge, .unknownFlag,
            .malformedMessage, .encodingFailed, .writeFailed,
        ]
        #expect(Set(codes).count == codes.count)
        #expect(codes.map(\.description) == [
            "truncatedHeader", "truncatedBody", "frameTooLarge", "unknownFlag",
            "malformedMessage", "encodingFailed", "writeFailed",
        ])
    }
}
