import Foundation
import Logging
import WorkflowCore

/// What the host shares with every plugin's supervisor.
struct HostServices: Sendable {
    var handler: CaseCommandHandler
    var outbox: any Outbox
    var attachments: AttachmentStore
    var mapping: EventMapping
    var configuration: PluginHostConfiguration
    var dataDirectory: URL
    var clock: @Sendable () -> Date
    var logger: Logger

    /// `DATA/plugins/NAME`: the folder a plugin may keep state in (Welcome.state_dir).
    func stateDirectory(for name: String) -> URL {
        dataDirectory.appendingPathComponent("plugins", isDirectory: true).appendingPathComponent(name, isDirectory: true)
    }
}
