// grid: the built-in plugin for 网格化 event reports (docs/grid.md).
//
// It serves the grid app's HTTP/JSON interface: 网格员 sign in with their tokens, upload
// photos, report events (事件类型, 网格 cell, GPS position, description); each valid report
// becomes a case in the `grid` workflow at the org the grid-cell table names. The case's
// dispatch, handling result and 核查 request come back to the worker's message feed, and the
// worker's confirmation or rejection fires `verify_pass` / `verify_fail`.
//
// `grid new-token` prints a fresh worker token and the hash the workers file stores.
import Foundation
import Hummingbird
import Logging
import NIOCore
import PluginKit
import ServiceLifecycle

@main
struct GridMain {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "new-token" {
            let token = WorkerDirectory.newToken()
            print("token: \(token)")
            print("token_sha256: \(WorkerDirectory.hash(token: token))")
            return
        }
        if arguments.first == "hash-token" {
            guard let token = readLine(strippingNewline: true), !token.isEmpty else {
                FileHandle.standardError.write(Data("grid hash-token: give the token on standard input\n".utf8))
                exit(2)
            }
            print(WorkerDirectory.hash(token: token))
            return
        }
        let asking = Capabilities.with {
            $0.submitChannels = ["grid"]
            $0.eventTypes = FeedComposer.eventTypes
            $0.workflows = ["grid"]
            $0.commands = ["verify_pass", "verify_fail"]
        }
        let name = ProcessInfo.processInfo.environment["XINFANG_PLUGIN_NAME"] ?? "grid"
        await Plugin.main(name: name, version: "1.0.0", requesting: asking, isConfigurationError: { $0 is DataFileError }) { plugin in
            try await serve(plugin)
        }
    }

    static func serve(_ plugin: Plugin) async throws {
        let settings = try GridSettings(config: plugin.settings.config, stateDirectory: plugin.settings.stateDirectory)
        let eventTypes = try EventTypeTable.load(settings.eventTypesFile)
        let cells = try CellTable.load(settings.cellsFile)
        let workers = try WorkerDirectory.load(settings.workersFile)
        try FileManager.default.createDirectory(at: settings.stateDirectory, withIntermediateDirectories: true)
        let store = try GridStore(file: settings.stateDirectory.appendingPathComponent("grid-state.json"), pluginName: plugin.name)
        let composer = FeedComposer(timeZone: settings.timeZone)
        let service = GridService(
            plugin: plugin, store: store, validator: ReportValidator(eventTypes: eventTypes, cells: cells), composer: composer)
        let routes = GridRoutes(
            service: service, workers: workers, eventTypes: eventTypes, cells: cells,
            photoLimit: GridLimits.photoLimit(maxFrameBytes: plugin.settings.maxFrameBytes))
        plugin.log(.info, "loaded \(eventTypes.types.count) event types, \(cells.cells.count) grid cells, \(workers.workers.count) workers")

        let addressFile = settings.stateDirectory.appendingPathComponent("http-address")
        try? FileManager.default.removeItem(at: addressFile)
        // stdout carries the frames: the server's log goes to stderr, which the host logs.
        var logger = Logger(label: "grid.http") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let app = Application(
            router: routes.router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "xinfang-grid"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                let address = "\(settings.host):\(port)"
                try? Data((address + "\n").utf8).write(to: addressFile, options: .atomic)
                plugin.log(.info, "grid app interface listening on \(address)")
            },
            logger: logger)
        let server = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await server.run()
                } catch {
                    // Without its interface the plugin is no use: exit, so the host restarts it
                    // with backoff and shows this line as its last error.
                    FileHandle.standardError.write(Data("grid: the app interface on \(settings.host):\(settings.port) failed: \(error)\n".utf8))
                    exit(4)
                }
            }
            // The events end when the host asks the plugin to shut down: the server then
            // finishes the requests in flight, closes idle connections and stops.
            do {
                for try await delivery in plugin.events {
                    try await service.handle(delivery)
                }
            } catch {
                await server.triggerGracefulShutdown()
                throw error
            }
            await server.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
