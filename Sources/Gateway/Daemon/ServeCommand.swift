import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Plugins
import ServiceLifecycle
import WorkflowCore

/// `xinfangd serve --data DIR --listen HOST:PORT`: runs the daemon until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the gRPC API.")

    @OptionGroup var options: DataOptions

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one; the bound address is printed).")
    var listen = "127.0.0.1:7400"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @OptionGroup var tls: TLSOptions

    @Option(help: "Address for Prometheus metrics (GET /metrics), HOST:PORT; `off` disables it.")
    var metricsListen = "127.0.0.1:7401"

    @Option(help: ArgumentHelp(
        "The plugin manifests folder: one folder per plugin holding manifest.yaml (docs/plugins.md). Default: no plugins.",
        valueName: "dir"))
    var plugins: String?

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "xinfangd")
        let (host, port) = try Self.parse(listen)

        let catalog = try WorkflowLoader.loadBundled()
        let dataDirectory = DataDirectory(path: options.data)
        // The shipped years plus the site's DATA/calendars/YYYY.yaml, and one provisional year:
        // deadlines running into a year whose notice is not loaded yet count weekends only and
        // say so (docs/calendar.md).
        let calendar = try CalendarSupport.calendar(data: options.data)
        let store = try dataDirectory.openStore()
        let decider = CaseDecider(catalog: catalog, calendar: calendar)
        let directory = SQLiteDirectory(pool: store.pool)
        let siteKey = try SiteKey.loadOrCreate(directory: dataDirectory.url)
        let handler = CaseCommandHandler(store: store, decider: decider, orgs: { try await directory.hierarchy() })
        let backend = Backend(
            store: store, directory: directory, handler: handler, clock: { Date() }, shutdown: ShutdownSignal(),
            attachments: AttachmentStore(directory: dataDirectory.url.appendingPathComponent("attachments")),
            search: SQLiteCaseSearch(store: store))
        let indexer = SQLiteSearchIndexer(store: store)
        // Duplicate detection (重复信访) follows the log just behind intake (docs/duplicates.md).
        let duplicates = SQLiteDuplicateIndexer(
            store: store, handler: handler, siteKey: siteKey, clock: backend.clock, logger: Logger(label: "xinfangd.duplicates"))
        try await duplicates.prepare()
        let scheduler = Scheduler(store: store, handler: handler, logger: Logger(label: "xinfangd.scheduler"))

        let pluginHost = plugins.map { folder in
            PluginHost(
                manifestsDirectory: URL(fileURLWithPath: folder, isDirectory: true), dataDirectory: dataDirectory.url,
                handler: handler, outbox: SQLiteOutbox(store: store), attachments: backend.attachments,
                logger: Logger(label: "xinfangd.plugins"))
        }

        let metrics = DaemonMetrics()
        metrics.gauge("xinfang_event_log_head", help: "Position of the newest event") { Double(try await store.headPosition()) }
        // Group commit: how many write transactions carried how many writes (their ratio is the
        // mean batch; near 1 under load means writers are not grouped).
        metrics.gauge("xinfang_store_write_transactions", help: "Write transactions since start") {
            Double(store.writerStatistics.transactions)
        }
        metrics.gauge("xinfang_store_writes", help: "Writes (registrations and appends) since start") { Double(store.writerStatistics.writes) }
        let health = HealthService()
        let server = GRPCServer(
            transport: .http2NIOPosix(address: .ipv4(host: host, port: port), transportSecurity: tls.security),
            services: [
                IntakeService(backend: backend), CaseService(backend: backend), EventService(backend: backend),
                AdminService(backend: backend, plugins: pluginHost.map { HostPluginStatus(host: $0) } ?? NoPlugins()), health,
            ],
            interceptors: [MetricsInterceptor(metrics: metrics), AuthInterceptor(directory: backend.directory, clock: backend.clock)])
        let grpc = GRPCServerService(server: server, health: health, shutdown: backend.shutdown, logger: logger) { address in
            // Scripts and tests read this line to learn the bound port.
            FileHandle.standardOutput.write(Data("xinfangd listening on \(address)\n".utf8))
        }
        metrics.gauge("xinfang_search_index_lag_events", help: "Events not yet in the search index") { Double(try await indexer.lag()) }
        metrics.gauge("xinfang_duplicate_detection_lag_events", help: "Events not yet looked at by duplicate detection") {
            Double(try await duplicates.lag())
        }
        // Started in order, stopped in reverse: the loops stop after the server has drained.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: BackgroundService(description: "search indexer") { try await indexer.run() }),
            .init(service: BackgroundService(description: "duplicate detection") { try await duplicates.run() }),
            .init(service: BackgroundService(description: "scheduler") { await scheduler.run() }),
            .init(service: grpc),
        ]
        // Last, so stopped first: plugins finish before the server drains and the store closes.
        if let pluginHost { services.append(.init(service: pluginHost)) }
        if metricsListen != "off" {
            let (metricsHost, metricsPort) = try Self.parse(metricsListen)
            services.append(.init(service: MetricsServer(host: metricsHost, port: metricsPort, metrics: metrics, logger: logger) { address in
                FileHandle.standardOutput.write(Data("xinfangd metrics on http://\(address)/metrics\n".utf8))
            }))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("serving", metadata: ["data": "\(options.data)", "workflows": "\(catalog.ids.joined(separator: ","))"])
        try await group.run()
        let writer = store.writerStatistics
        logger.info("store writer", metadata: ["transactions": "\(writer.transactions)", "writes": "\(writer.writes)"])
        try store.close()
        logger.info("stopped cleanly")
    }

    static func parse(_ listen: String) throws -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7400 (got `\(listen)`)") }
        return (String(listen[..<colon]), port)
    }
}
