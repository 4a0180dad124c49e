import Foundation
import WireProtocol

/// The protocol spoken by hand, for the misbehaving modes (PluginKit would not misbehave).
enum RawPlugin {
    static let writer = FrameWriter<Xinfang_V1_PluginMessage>(fileDescriptor: 1)

    /// Sends Hello and reads the host's answer; throws on a refusal.
    static func handshake(name: String, channels: [String]) throws {
        try writer.write(.with {
            $0.hello = .with {
                $0.protocolVersion = .pluginProtocolVersion1
                $0.pluginName = name
                $0.pluginVersion = "fixture-raw"
                $0.requested.submitChannels = channels
            }
        })
        var decoder = FrameDecoder<Xinfang_V1_HostMessage>()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let message = try decoder.next() {
                if case .refusal(let refusal) = message.body { throw FixtureError("refused: \(refusal.reason)") }
                return
            }
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, 4096) }
            guard count > 0 else { throw FixtureError("the host closed stdin during the handshake") }
            decoder.append(buffer[0..<count])
        }
    }

    static func sendSubmission(key: String) throws {
        try writer.write(.with {
            $0.submit = .with {
                $0.requestID = 1
                $0.submission = Submissions.make(key: key)
            }
        })
    }

    static func sendOversizedHeader(declaring length: Int) {
        let header: [UInt8] = [0, UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
                               UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
        _ = (header + [UInt8](repeating: 0x41, count: 64)).withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    static func sleepForever() -> Never {
        while true { sleep(1_000) }
    }
}

enum Submissions {
    static func make(key: String, channel: String = "visit") -> Xinfang_V1_Submission {
        .with {
            $0.idempotencyKey = key
            $0.channel = channel
            $0.subject = "噪音扰民"
            $0.content = "夜间施工噪音，影响休息。"
            $0.petitioner.name = "王大顺"
            $0.petitioner.phone = "13512342659"
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
