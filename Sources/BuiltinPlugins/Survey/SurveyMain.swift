// survey: the 回访 (satisfaction callback) plugin. docs/survey.md describes it.
//
// When a case reaches 办结 it schedules a survey within the workflow's 回访 limit, sends the
// petitioner an SMS through the configured gateway carrying a one-time signed link to its own
// mobile page (满意 / 基本满意 / 不满意 and a comment), and records the answer on the case as
// workflow commands: 回访, 评价 and, for 不满意, the workflow's reopening command (重办).
import AsyncHTTPClient
import Foundation
import PluginKit

#if canImport(Glibc)
import Glibc
#endif

@main
struct SurveyMain {
    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        let steps = SurveySteps(environment: environment)
        let asking = Capabilities.with {
            $0.eventTypes = steps.eventTypes
            $0.commands = steps.commands
            $0.readContact = true
        }
        let name = environment["XINFANG_PLUGIN_NAME"] ?? "survey"
        await Plugin.main(name: name, version: "1.0.0", requesting: asking, isConfigurationError: { $0 is SurveyError }) { plugin in
            try await serve(plugin, environment: environment)
        }
    }

    private static func serve(_ plugin: Plugin, environment: [String: String]) async throws {
        let configuration = try SurveyConfiguration(config: plugin.settings.config, environment: environment)
        let stateDirectory = plugin.settings.stateDirectory.isEmpty
            ? (environment["XINFANG_PLUGIN_STATE_DIR"] ?? FileManager.default.currentDirectoryPath) : plugin.settings.stateDirectory
        let folder = URL(fileURLWithPath: stateDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try SurveyStore(directory: folder)
        let signer = LinkSigner(key: try LinkSigner.loadOrCreateKey(in: folder))
        let clock: @Sendable () -> Date = { Date() }
        let linkBase = LinkBase()
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let gateway = SMSGateway(
            url: configuration.smsURL, account: configuration.smsAccount, secret: configuration.smsSecret,
            signName: configuration.smsSignName, template: configuration.smsTemplate, client: HTTPClient.shared)
        let worker = SurveyWorker(
            plugin: plugin, store: store, signer: signer, gateway: gateway, configuration: configuration, linkBase: linkBase, clock: clock)
        let web = SurveyWebServer(
            links: SurveyLinks(signer: signer, store: store), host: configuration.listenHost, port: configuration.listenPort, clock: clock,
            onListening: { port in
                let base = configuration.publicURL ?? "http://\(Self.hostForURL(configuration.listenHost)):\(port)"
                linkBase.set(base)
                plugin.log(.info, "survey page listening on \(configuration.listenHost):\(port)", metadata: ["port": String(port)])
                tick.yield()
            },
            onAnswer: { tick.yield() })
        let events = SurveyEvents(plugin: plugin, store: store, configuration: configuration)
        try await store.prune(now: clock())

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await web.run() }
            group.addTask {
                // The clock: due work is looked for every poll interval, and at once on a tick.
                while !Task.isCancelled {
                    try await Task.sleep(for: configuration.poll)
                    tick.yield()
                }
            }
            group.addTask {
                for await _ in ticks {
                    if Task.isCancelled { break }
                    await worker.runDue()
                }
            }
            // The events end when the host asks the plugin to shut down.
            for try await delivery in plugin.events {
                if try await events.handle(delivery) { tick.yield() }
            }
            tick.finish()
            group.cancelAll()
        }
    }

    /// A listen host as it appears in a URL (IPv6 in brackets; the wildcard as loopback).
    private static func hostForURL(_ host: String) -> String {
        if host == "0.0.0.0" || host == "::" { return "127.0.0.1" }
        return host.contains(":") ? "[\(host)]" : host
    }
}
