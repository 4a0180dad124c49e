import Foundation
import SwiftProtobuf
import Synchronization
import Testing
import WireProtocol

typealias PluginMessage = Xinfang_V1_PluginMessage
typealias HostMessage = Xinfang_V1_HostMessage

enum Samples {
    /// A plugin's submission carrying Chinese text in several fields.
    static var submit: PluginMessage {
        var submission = Xinfang_V1_Submission()
        submission.idempotencyKey = "hotline12345:GD-2026-000042"
        submission.channel = "hotline12345"
        submission.subject = "小区噪音扰民"
        submission.content = "夜间施工至凌晨两点，多次向物业反映未果，请住建局督办。"
        submission.petitioner.name = "张三"
        submission.petitioner.address = "广州市天河区某街道 8 号"
        var field = Xinfang_V1_Field()
        field.name = "urgency"
        field.value = "紧急"
        submission.attributes = [field]
        var submit = Xinfang_V1_PluginSubmit()
        submit.requestID = 7
        submit.submission = submission
        var message = PluginMessage()
        message.submit = submit
        return message
    }

    static var hello: PluginMessage {
        var hello = Xinfang_V1_Hello()
        hello.protocolVersion = .pluginProtocolVersion1
        hello.pluginName = "grid"
        hello.pluginVersion = "1.0.0"
        hello.requested.submitChannels = ["grid"]
        var message = PluginMessage()
        message.hello = hello
        return message
    }

    static func ack(_ id: UInt64) -> PluginMessage {
        var message = PluginMessage()
        message.ack.deliveryID = id
        return message
    }

    static var welcome: HostMessage {
        var welcome = Xinfang_V1_Welcome()
        welcome.protocolVersion = .pluginProtocolVersion1
        welcome.granted.submitChannels = ["grid"]
        welcome.heartbeatIntervalMs = 5000
        welcome.maxFrameBytes = UInt32(FrameLimits.maxFrameBytes)
        welcome.stateDir = "/var/lib/xinfang/plugins/网格"
        var message = HostMessage()
        message.welcome = welcome
        return message
    }

    static var refusal: HostMessage {
        var message = HostMessage()
        message.refusal.code = "capability_not_granted"
        message.refusal.reason = "渠道 `phone` 未经清单授权 (channel `phone` is not granted by the manifest)"
        return message
    }

    /// A plugin message whose encoding is exactly `size` bytes (an attachment upload).
    static func message(encodedSize size: Int) throws -> PluginMessage {
        for dataCount in max(0, size - 12)...size {
            var message = PluginMessage()
            message.attachment.data = Data(repeating: 0x5A, count: dataCount)
            let encoded: [UInt8] = try message.serializedBytes()
            if encoded.count == size { return message }
        }
        Issue.record("no attachment message encodes to exactly \(size) bytes")
        throw CancellationError()
    }
}

/// The frame header for a body of `length` bytes with `flag`.
func header(flag: UInt8 = 0, length: UInt32) -> [UInt8] {
    [flag, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
}

/// Feeds `bytes` to a fresh decoder in one chunk and drains it.
func decodeAll<M: SwiftProtobuf.Message>(
    _ bytes: [UInt8],
    as type: M.Type,
    maxFrameBytes: Int = FrameLimits.maxFrameBytes
) throws(WireProtocolError) -> [M] {
    var decoder = FrameDecoder<M>(maxFrameBytes: maxFrameBytes)
    decoder.append(bytes)
    var messages: [M] = []
    while let message = try decoder.next() { messages.append(message) }
    try decoder.finish()
    return messages
}

/// A chunk sequence that yields its script and then either ends or records an issue if the
/// reader asks for more (for checks that an error came without waiting for more bytes).
struct ScriptedChunks<Chunk: Collection & Sendable>: AsyncSequence, Sendable where Chunk.Element == UInt8 {
    enum AfterScript: Sendable {
        case end
        case failIfPulled
        case fail(any Error)
    }

    let chunks: [Chunk]
    let after: AfterScript

    init(_ chunks: [Chunk], after: AfterScript = .end) {
        self.chunks = chunks
        self.after = after
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<Chunk>
        let after: AfterScript

        mutating func next() async throws -> Chunk? {
            if let chunk = remaining.popFirst() { return chunk }
            switch after {
            case .end:
                return nil
            case .failIfPulled:
                Issue.record("the reader asked for more bytes after the script")
                return nil
            case .fail(let error):
                throw error
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(remaining: chunks[...], after: after)
    }
}

/// Collects what a `FrameWriter` sink receives.
final class CapturingSink: Sendable {
    private let state = Mutex<(bytes: [UInt8], calls: Int)>(([], 0))

    var bytes: [UInt8] { state.withLock { $0.bytes } }
    var calls: Int { state.withLock { $0.calls } }

    func write(_ bytes: [UInt8]) {
        state.withLock {
            $0.bytes.append(contentsOf: bytes)
            $0.calls += 1
        }
    }
}
