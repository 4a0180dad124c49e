import Foundation
import Plugins
import SwiftProtobuf
import WireProtocol

/// The admin API's view of the running plugin host.
struct HostPluginStatus: PluginStatusSource {
    let host: PluginHost

    func statuses() -> [Xinfang_V1_PluginStatus] {
        host.statuses().map(Self.status)
    }

    func restart(name: String) async throws -> Xinfang_V1_PluginStatus? {
        await host.restart(name: name).map(Self.status)
    }

    static func status(_ snapshot: PluginStatusSnapshot) -> Xinfang_V1_PluginStatus {
        .with {
            $0.name = snapshot.name
            $0.version = snapshot.version
            $0.state = snapshot.state.rawValue
            $0.pid = snapshot.pid ?? 0
            $0.restarts = UInt32(clamping: snapshot.restarts)
            $0.lastError = snapshot.lastError ?? ""
            $0.since = Google_Protobuf_Timestamp(date: snapshot.since)
            $0.channels = snapshot.granted.submitChannels
            $0.eventTypes = snapshot.granted.eventTypes
            $0.commands = snapshot.granted.commands
            $0.readContact = snapshot.granted.readContact
            $0.outboxPending = UInt64(clamping: snapshot.outboxPending)
        }
    }
}
