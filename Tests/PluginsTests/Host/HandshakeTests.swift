import Foundation
import Testing
import WireProtocol

@testable import Plugins

@Suite("Handshake")
struct HandshakeTests {
    static let manifest = PluginManifest(
        name: "mailbox", command: "/bin/true", org: "xfj",
        grants: PluginCapabilities(submitChannels: ["letter"], eventTypes: ["registered", "closed"], commands: [], readContact: false, workflows: ["xinfang"]),
        config: ["folder": "/var/spool"])
    static let terms = Handshake.Terms(heartbeatInterval: .seconds(5), maxFrameBytes: 65_536, stateDirectory: "/data/plugins/mailbox")

    static func hello(
        name: String = "mailbox", version: Xinfang_V1_PluginProtocolVersion = .pluginProtocolVersion1,
        _ asking: (inout Xinfang_V1_Capabilities) -> Void = { _ in }
    ) -> Xinfang_V1_PluginMessage {
        .with {
            $0.hello = .with {
                $0.protocolVersion = version
                $0.pluginName = name
                $0.pluginVersion = "1.0"
                asking(&$0.requested)
            }
        }
    }

    @Test("what is asked within the manifest is granted exactly, with the manifest's workflows when none are named")
    func welcome() {
        let outcome = Handshake.evaluate(Self.hello { $0.submitChannels = ["letter"]; $0.eventTypes = ["closed"] }, manifest: Self.manifest, terms: Self.terms)
        guard case .welcome(let welcome, let granted) = outcome else {
            Issue.record("refused: \(outcome)")
            return
        }
        #expect(granted == PluginCapabilities(submitChannels: ["letter"], eventTypes: ["closed"], workflows: ["xinfang"]))
        #expect(welcome.granted.eventTypes == ["closed"])
        #expect(welcome.heartbeatIntervalMs == 5_000)
        #expect(welcome.maxFrameBytes == 65_536)
        #expect(welcome.stateDir == "/data/plugins/mailbox")
        #expect(welcome.config.map(\.name) == ["folder"])
    }

    @Test(
        "a handshake asking for more, with another name or another version is refused with the reason",
        arguments: [
            (hello { $0.submitChannels = ["phone"] }, "capability_not_granted", "channel `phone`"),
            (hello { $0.eventTypes = ["*"] }, "capability_not_granted", "event type `*`"),
            (hello { $0.commands = ["accept"] }, "capability_not_granted", "command `accept`"),
            (hello { $0.readContact = true }, "capability_not_granted", "`read_contact`"),
            (hello { $0.workflows = ["grid"] }, "capability_not_granted", "workflow `grid`"),
            (hello(name: "inbox"), "name_mismatch", "`inbox`"),
            (hello(version: .unspecified), "unsupported_version", "this host speaks version 1"),
            (Xinfang_V1_PluginMessage.with { $0.ack.deliveryID = 1 }, "handshake_expected", "not Ack"),
        ])
    func refused(message: Xinfang_V1_PluginMessage, code: String, reason: String) {
        guard case .refuse(let refusedCode, let refusedReason) = Handshake.evaluate(message, manifest: Self.manifest, terms: Self.terms) else {
            Issue.record("welcomed")
            return
        }
        #expect(refusedCode == code)
        #expect(refusedReason.contains(reason))
    }
}
