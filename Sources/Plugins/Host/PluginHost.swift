public import Foundation
public import Logging
public import ServiceLifecycle
public import WorkflowCore
import WireProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The plugin host: starts every enabled plugin named by a manifest in the manifests folder,
/// keeps each running (restarting it with backoff, marking it failed when it keeps failing),
/// enforces what its manifest grants, and delivers its outbox. A plugin can never take the
/// daemon down: each runs in a process of its own, and nothing it does blocks the daemon.
///
/// The daemon runs it as a service of its `ServiceGroup`:
/// ```swift
/// let host = PluginHost(
///     manifestsDirectory: URL(fileURLWithPath: "plugins"), dataDirectory: data,
///     handler: handler, outbox: SQLiteOutbox(store: store), logger: logger)
/// let group = ServiceGroup(services: [host, grpc], ...)
/// // AdminService: host.statuses(), try await host.restart(name:)
/// ```
/// On graceful shutdown every plugin is sent Shutdown, given its grace period, and killed if
/// it is still running; `run()` returns when all are reaped.
public final class PluginHost: Service, Sendable {
    private let supervisors: [PluginSupervisor]
    private let services: HostServices

    /// - Parameters:
    ///   - manifestsDirectory: the folder holding one folder per plugin (`plugins/NAME/manifest.yaml`).
    ///   - dataDirectory: the daemon's data directory; each plugin's state folder is `DATA/plugins/NAME`.
    ///   - handler: every case change a plugin asks for goes through it.
    ///   - outbox: the durable per-plugin queues of events.
    ///   - attachments: where uploaded attachments are kept; default `DATA/attachments`, as the gRPC intake.
    ///   - configuration: timings and limits (tests shorten them).
    ///   - clock: the current time for the events plugins cause.
    public convenience init(
        manifestsDirectory: URL, dataDirectory: URL, handler: CaseCommandHandler, outbox: any Outbox,
        attachments: AttachmentStore? = nil, configuration: PluginHostConfiguration = PluginHostConfiguration(), logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        let entries = ManifestLoader.loadAll(from: manifestsDirectory).map { entry in
            (name: entry.name, manifest: entry.manifest, file: Optional(entry.file))
        }
        self.init(
            entries: entries, dataDirectory: dataDirectory, handler: handler, outbox: outbox, attachments: attachments,
            configuration: configuration, logger: logger, clock: clock)
    }

    /// A host for manifests already loaded (tests, or a daemon that builds them itself).
    public convenience init(
        manifests: [PluginManifest], dataDirectory: URL, handler: CaseCommandHandler, outbox: any Outbox,
        attachments: AttachmentStore? = nil, configuration: PluginHostConfiguration = PluginHostConfiguration(), logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        let entries = manifests.map { manifest in
            (name: manifest.name, manifest: Result<PluginManifest, ManifestError>.success(manifest), file: URL?.none)
        }
        self.init(
            entries: entries, dataDirectory: dataDirectory, handler: handler, outbox: outbox, attachments: attachments,
            configuration: configuration, logger: logger, clock: clock)
    }

    private init(
        entries: [(name: String, manifest: Result<PluginManifest, ManifestError>, file: URL?)], dataDirectory: URL,
        handler: CaseCommandHandler, outbox: any Outbox, attachments: AttachmentStore?, configuration: PluginHostConfiguration,
        logger: Logger, clock: @escaping @Sendable () -> Date
    ) {
        var configuration = configuration
        configuration.maxFrameBytes = min(max(configuration.maxFrameBytes, 1_024), FrameLimits.maxFrameBytes)
        let services = HostServices(
            handler: handler, outbox: outbox,
            attachments: attachments ?? AttachmentStore(directory: dataDirectory.appendingPathComponent("attachments")),
            mapping: EventMapping(catalog: handler.decider.catalog),
            configuration: configuration, dataDirectory: dataDirectory, clock: clock, logger: logger)
        self.services = services
        var seen = Set<String>()
        supervisors = entries.filter { seen.insert($0.name).inserted }.map { entry in
            PluginSupervisor(name: entry.name, manifest: entry.manifest, file: entry.file, host: services)
        }
    }

    /// Runs every plugin until graceful shutdown or cancellation, then stops them all.
    public func run() async throws {
        // A plugin that died must be a write error (EPIPE), never a kill of the daemon.
        signal(SIGPIPE, SIG_IGN)
        services.logger.info("plugin host starting", metadata: ["plugins": "\(supervisors.map(\.name).joined(separator: ","))"])
        await retireRemovedPlugins()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for supervisor in supervisors {
                    group.addTask { await supervisor.run() }
                }
                group.addTask { await self.refreshPendingCounts() }
                // The supervisors end on shutdown; the refresher is then cancelled.
                for _ in supervisors { await group.next() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            // Each supervisor stops its plugin politely; run() returns when all are reaped.
            for supervisor in self.supervisors { supervisor.post(.shutdown) }
        }
        services.logger.info("plugin host stopped")
    }

    /// Drops the outbox queues of plugins whose manifest is gone (a disabled plugin keeps its
    /// queue and gets it when enabled again). The events stay in the log; only the pending
    /// deliveries to a plugin that no longer exists go, so they do not pile up for ever.
    private func retireRemovedPlugins() async {
        let known = Set(supervisors.map { "plugin:\($0.name)" })
        do {
            for subscriber in try await services.outbox.subscribers()
            where subscriber.subscription.name.hasPrefix("plugin:") && !known.contains(subscriber.subscription.name) {
                _ = try await services.outbox.unregister(subscriber.subscription.name)
                services.logger.warning("plugin removed: its outbox queue is dropped", metadata: ["subscriber": "\(subscriber.subscription.name)"])
            }
        } catch {
            services.logger.error("cannot list the outbox subscribers", metadata: ["error": "\(error)"])
        }
    }

    /// Every plugin the host knows, in name order, with its state now.
    public func statuses() -> [PluginStatusSnapshot] {
        supervisors.map(\.snapshot)
    }

    /// One plugin's status, or nil when there is no plugin of that name.
    public func status(name: String) -> PluginStatusSnapshot? {
        supervisors.first { $0.name == name }?.snapshot
    }

    /// Restarts a plugin now (stopping it politely if it runs), forgetting its past failures
    /// and reading its manifest again. Returns its status once the host has taken the request
    /// up, or nil when there is no plugin of that name.
    @discardableResult
    public func restart(name: String) async -> PluginStatusSnapshot? {
        guard let supervisor = supervisors.first(where: { $0.name == name }) else { return nil }
        await supervisor.request(.restart)
        return supervisor.snapshot
    }

    /// Keeps the outbox counts fresh for plugins that are not running (a running plugin's
    /// count is updated as it acknowledges).
    private func refreshPendingCounts() async {
        while !Task.isCancelled {
            for supervisor in supervisors {
                guard let subscriber = supervisor.subscriber,
                    let count = try? await services.outbox.pendingCount(subscriber: subscriber)
                else { continue }
                supervisor.updatePending(count)
            }
            try? await Task.sleep(for: services.configuration.statusRefresh)
        }
    }
}
