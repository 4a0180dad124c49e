import Foundation
import PluginKit

/// letter-ocr as a plugin: watches the inbox, serves the submit endpoint when configured,
/// and stops when the host asks it to.
enum PluginMode {
    static let version = "1.0.0"

    static func run() async throws {
        let asking = Capabilities.with { $0.submitChannels = [LetterSubmission.channel] }
        let name = ProcessInfo.processInfo.environment["XINFANG_PLUGIN_NAME"] ?? "letter-ocr"
        try await Plugin.run(name: name, version: version, requesting: asking) { plugin in
            let settings = try LetterOCRSettings(config: plugin.settings.config, stateDirectory: plugin.settings.stateDirectory)
            let inbox = InboxFolder(settings.inbox)
            try inbox.create()
            let reader = LetterReader(preprocessing: settings.preprocessing)
            try await reader.prepare()
            let intake = LetterIntake(plugin: plugin, reader: reader, inbox: inbox)
            plugin.log(.info, "watching the inbox", metadata: ["inbox": inbox.root.path, "preprocess": settings.preprocessing.description])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        await intake.processWaiting()
                        try await Task.sleep(for: settings.poll)
                    }
                }
                if let host = settings.listenHost {
                    let endpoint = SubmitEndpoint(host: host, port: settings.listenPort, intake: intake) { address in
                        try? Data((address + "\n").utf8).write(to: settings.endpointFile, options: .atomic)
                        plugin.log(.info, "submit endpoint listening", metadata: ["address": address + SubmitEndpoint.path])
                    }
                    group.addTask { try await endpoint.run() }
                }
                // No event types are asked for: the stream ends when the host says Shutdown.
                for try await delivery in plugin.events { try plugin.ack(delivery) }
                group.cancelAll()
            }
        }
    }
}
