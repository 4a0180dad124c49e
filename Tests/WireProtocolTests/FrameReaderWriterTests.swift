import SwiftProtobuf
import Synchronization
import Testing
import WireProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Frame reader and writer")
struct FrameReaderWriterTests {
    struct PipeClosed: Error, Equatable {}

    static func stream(of messages: [PluginMessage]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for message in messages { try FrameEncoder.append(message, to: &bytes) }
        return bytes
    }

    @Test("the reader yields every message from [UInt8] chunks of any size")
    func readerArrayChunks() async throws {
        let messages = [Samples.hello, Samples.submit, Samples.ack(1), PluginMessage()]
        let bytes = try Self.stream(of: messages)
        for chunkSize in [1, 3, 5, 64, bytes.count] {
            let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map {
                Array(bytes[$0..<min($0 + chunkSize, bytes.count)])
            }
            var received: [PluginMessage] = []
            for try await message in FrameReader(ScriptedChunks(chunks), of: PluginMessage.self) {
                received.append(message)
            }
            #expect(received == messages, "chunks of \(chunkSize) bytes")
        }
    }

    @Test("the reader takes ArraySlice chunks from an AsyncStream")
    func readerSliceChunks() async throws {
        let messages = [Samples.welcome, Samples.refusal]
        var bytes: [UInt8] = []
        for message in messages { try FrameEncoder.append(message, to: &bytes) }
        let (stream, continuation) = AsyncStream.makeStream(of: ArraySlice<UInt8>.self)
        continuation.yield(bytes[..<7])
        continuation.yield(bytes[7...])
        continuation.finish()

        var received: [HostMessage] = []
        for try await message in stream.frames(of: HostMessage.self) {
            received.append(message)
        }
        #expect(received == messages)
    }

    @Test("the reader throws truncatedBody when the chunks end inside a frame, then ends")
    func readerTruncated() async throws {
        let bytes = try Self.stream(of: [Samples.hello, Samples.submit])
        var iterator = ScriptedChunks([Array(bytes.dropLast(1))]).frames(of: PluginMessage.self).makeAsyncIterator()
        #expect(try await iterator.next() == Samples.hello)
        let error = await #expect(throws: WireProtocolError.self) { try await iterator.next() }
        #expect(error?.code == .truncatedBody)
        #expect(error?.receivedBytes == (error?.expectedBytes).map { $0 - 1 })
        #expect(try await iterator.next() == nil)
    }

    @Test("the reader passes the chunk sequence's own error through unchanged")
    func readerRethrowsBaseError() async throws {
        let bytes = try Self.stream(of: [Samples.ack(5)])
        let chunks = ScriptedChunks([bytes], after: .fail(PipeClosed()))
        var iterator = FrameReader(chunks, of: PluginMessage.self).makeAsyncIterator()
        #expect(try await iterator.next() == Samples.ack(5))
        await #expect(throws: PipeClosed()) { try await iterator.next() }
        #expect(try await iterator.next() == nil)
    }

    @Test("the reader applies its own limit")
    func readerLimit() async throws {
        let bytes = try Self.stream(of: [Samples.submit])
        let reader = FrameReader(ScriptedChunks([bytes]), of: PluginMessage.self, maxFrameBytes: 10)
        let error = await #expect(throws: WireProtocolError.self) {
            for try await _ in reader {}
        }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.limit == 10)
        #expect(error?.declaredLength == bytes.count - 5)
    }

    @Test("the writer hands whole frames to its sink")
    func writerSink() throws {
        let sink = CapturingSink()
        let writer = FrameWriter<HostMessage> { sink.write($0) }
        try writer.write(Samples.welcome)
        try writer.write(contentsOf: [Samples.refusal, HostMessage()])
        #expect(sink.calls == 2)
        #expect(try decodeAll(sink.bytes, as: HostMessage.self) == [Samples.welcome, Samples.refusal, HostMessage()])
    }

    @Test("the writer writes nothing when a message is over its limit")
    func writerRefusesOversized() throws {
        let sink = CapturingSink()
        let writer = FrameWriter<PluginMessage>(maxFrameBytes: 16) { sink.write($0) }
        let error = #expect(throws: WireProtocolError.self) {
            try writer.write(contentsOf: [Samples.ack(1), Samples.submit])
        }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.limit == 16)
        #expect(sink.calls == 0)
    }

    @Test("a failing sink becomes writeFailed with the cause")
    func writerSinkFailure() throws {
        let writer = FrameWriter<PluginMessage> { _ in throw PipeClosed() }
        let error = #expect(throws: WireProtocolError.self) { try writer.write(Samples.hello) }
        #expect(error?.code == .writeFailed)
        #expect(error?.cause is PipeClosed)
    }

    @Test("frames written from many tasks never overlap in the sink")
    func writerSerializes() async throws {
        let inFlight = Atomic<Int>(0)
        let overlapped = Atomic<Bool>(false)
        let sink = CapturingSink()
        let writer = FrameWriter<PluginMessage> { bytes in
            if inFlight.add(1, ordering: .sequentiallyConsistent).newValue > 1 {
                overlapped.store(true, ordering: .sequentiallyConsistent)
            }
            sink.write(bytes)
            inFlight.subtract(1, ordering: .sequentiallyConsistent)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<50 { try writer.write(Samples.ack(UInt64(task * 1000 + index))) }
                }
            }
            try await group.waitForAll()
        }
        let didOverlap = overlapped.load(ordering: .sequentiallyConsistent)
        #expect(!didOverlap)
        let decoded = try decodeAll(sink.bytes, as: PluginMessage.self)
        #expect(decoded.count == 400)
        #expect(Set(decoded.map(\.ack.deliveryID)).count == 400)
    }

    @Test("the writer writes to a pipe that a decoder reads back")
    func writerOverPipe() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        let writer = FrameWriter<PluginMessage>(fileDescriptor: fds[1])
        try writer.write(Samples.hello)
        try writer.write(Samples.submit)

        var decoder = FrameDecoder<PluginMessage>()
        var received: [PluginMessage] = []
        var chunk = [UInt8](repeating: 0, count: 16)
        while received.count < 2 {
            let count = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            try #require(count > 0)
            decoder.append(chunk[..<count])
            while let message = try decoder.next() { received.append(message) }
        }
        #expect(received == [Samples.hello, Samples.submit])
    }

    @Test("writing to a bad descriptor is writeFailed with the errno")
    func writerBadDescriptor() throws {
        let writer = FrameWriter<PluginMessage>(fileDescriptor: -1)
        let error = #expect(throws: WireProtocolError.self) { try writer.write(Samples.hello) }
        #expect(error?.code == .writeFailed)
        #expect(error?.osErrorCode == EBADF)
    }
}
