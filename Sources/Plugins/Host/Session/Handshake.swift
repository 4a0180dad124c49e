import Foundation
import WireProtocol

/// The host's half of the handshake, as a pure decision: a plugin's Hello against its
/// manifest gives a Welcome (granting exactly what was asked) or a Refusal with a reason.
enum Handshake {
    enum Outcome: Equatable {
        case welcome(Xinfang_V1_Welcome, granted: PluginCapabilities)
        case refuse(code: String, reason: String)
    }

    struct Terms {
        var heartbeatInterval: Duration
        var maxFrameBytes: Int
        var stateDirectory: String
    }

    static func evaluate(_ first: Xinfang_V1_PluginMessage, manifest: PluginManifest, terms: Terms) -> Outcome {
        guard case .hello(let hello) = first.body else {
            return .refuse(code: "handshake_expected", reason: "the first message must be Hello, not \(describe(first.body))")
        }
        guard hello.protocolVersion == .pluginProtocolVersion1 else {
            return .refuse(
                code: "unsupported_version",
                reason: "protocol version \(hello.protocolVersion.rawValue) is not supported; this host speaks version 1")
        }
        guard hello.pluginName == manifest.name else {
            return .refuse(
                code: "name_mismatch", reason: "the plugin calls itself `\(hello.pluginName)` but its manifest is `\(manifest.name)`")
        }
        let requested = PluginCapabilities(hello.requested)
        if let item = manifest.grants.firstUncovered(in: requested) {
            return .refuse(code: "capability_not_granted", reason: "\(item) is not granted by the manifest")
        }
        let granted = manifest.grants.grant(requested)
        let welcome = Xinfang_V1_Welcome.with {
            $0.protocolVersion = .pluginProtocolVersion1
            $0.granted = granted.message
            $0.heartbeatIntervalMs = UInt32(clamping: Self.milliseconds(terms.heartbeatInterval))
            $0.maxFrameBytes = UInt32(clamping: terms.maxFrameBytes)
            $0.config = manifest.config.sorted { $0.key < $1.key }.map { name, value in
                Xinfang_V1_Field.with { $0.name = name; $0.value = value }
            }
            $0.stateDir = terms.stateDirectory
        }
        return .welcome(welcome, granted: granted)
    }

    static func describe(_ body: Xinfang_V1_PluginMessage.OneOf_Body?) -> String {
        guard let body else { return "an empty message" }
        switch body {
        case .hello: return "Hello"
        case .submit: return "PluginSubmit"
        case .ack: return "Ack"
        case .log: return "LogRecord"
        case .heartbeat: return "Heartbeat"
        case .error: return "PluginError"
        case .command: return "PluginCommand"
        case .contactRequest: return "ContactRequest"
        case .attachment: return "AttachmentUpload"
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
