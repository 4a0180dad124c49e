// hotline12345: the bridge between a 12345 hotline platform and xinfang (docs/hotline12345.md).
//
// The platform pushes work orders (工单) to the plugin's HTTP endpoint; each valid order
// becomes a case in the `hotline12345` workflow, once per 工单编号. The plugin sends the
// platform every status change of those cases (签收, 办理中, 回复, 办结, 退单, 延期申请) as a
// signed callback, acknowledging each event to the host only after the platform took it.
import AsyncHTTPClient
import Foundation
import PluginKit

@main
struct Hotline12345Plugin {
    static let version = "1.0.0"

    static func main() async {
        let name = ProcessInfo.processInfo.environment["XINFANG_PLUGIN_NAME"] ?? "hotline12345"
        let asking = Capabilities.with {
            $0.submitChannels = [WorkOrder.channel]
            $0.eventTypes = StatusCallback.eventTypes
            $0.workflows = [WorkOrder.workflow]
        }
        await Plugin.main(name: name, version: version, requesting: asking, isConfigurationError: { $0 is SettingsError }) { plugin in
            try await serve(plugin)
        }
    }

    static func serve(_ plugin: Plugin) async throws {
        let settings = try HotlineSettings(config: plugin.settings.config)
        let state = URL(fileURLWithPath: plugin.settings.stateDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let book = try OrderBook(file: state.appendingPathComponent("orders.jsonl"))
        let nonces = NonceLedger(file: state.appendingPathComponent("nonces.log"))
        let log: @Sendable (PluginLogLevel, String, [String: String]) -> Void = { level, message, metadata in
            plugin.log(level, message, metadata: metadata)
        }
        let handler = PushHandler(
            verifier: SignatureVerifier(secret: settings.secret, nonces: nonces), orgID: settings.orgID,
            submit: { try await plugin.submit($0) }, log: log)
        let stateDirectory = plugin.settings.stateDirectory
        let server = PushServer(settings: settings, handler: handler) { address in
            do {
                try EndpointFile.write(address, stateDirectory: stateDirectory)
                log(.info, "push endpoint listening", ["address": address])
            } catch {
                log(.error, "cannot write the endpoint file", ["error": "\(error)"])
            }
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let sender = CallbackSender(settings: settings, client: client) { callbackID, attempt, problem in
            log(.warning, "callback not accepted; retrying", ["callback_id": callbackID, "attempt": "\(attempt)", "problem": problem])
        }
        let relay = EventRelay(
            pluginName: plugin.name, book: book, deliver: { try await sender.deliver($0) },
            ack: { try plugin.ack(deliveryID: $0) }, log: log)

        defer { EndpointFile.remove(stateDirectory: stateDirectory) }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                // The events end on Shutdown: stop serving then.
                try await relay.run(plugin.events)
                group.cancelAll()
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
