import Foundation
import Logging
import WorkflowCore

/// Keeps one plugin running: starts it, runs a session with it, and when the session ends
/// decides (through ``SupervisorStateMachine``) whether to restart it after a backoff, mark
/// it failed, or stop. Operator restarts and the host's shutdown arrive through its inbox.
final class PluginSupervisor: Sendable {
    /// The plugin's name (its folder's name, even when its manifest does not load).
    let name: String

    private struct Status: Sendable {
        var machine: SupervisorStateMachine
        var manifest: PluginManifest?
        var pid: Int32?
        var version = ""
        var granted = PluginCapabilities()
        var outboxPending = 0
    }

    private let status: LockedBox<Status>
    private let inbox = SupervisorInbox()
    private let running = LockedBox(false)
    private let file: URL?
    private let host: HostServices
    private let commandLock = KeyedLock<String>()
    private let logger: Logger

    init(name: String, manifest: Result<PluginManifest, ManifestError>, file: URL?, host: HostServices) {
        self.name = name
        self.file = file
        self.host = host
        var logger = host.logger
        logger[metadataKey: "plugin"] = "\(name)"
        self.logger = logger
        let loaded = try? manifest.get()
        let policy = EffectivePolicy(loaded?.restart ?? RestartOverrides(), host.configuration)
        var loadError: String?
        if case .failure(let error) = manifest { loadError = "manifest: \(error)" }
        let machine = SupervisorStateMachine(policy: policy, enabled: loaded?.enabled ?? true, loadError: loadError, now: host.clock())
        status = LockedBox(Status(machine: machine, manifest: loaded, granted: loaded?.grants ?? PluginCapabilities()))
    }

    /// The plugin as the admin API shows it.
    var snapshot: PluginStatusSnapshot {
        status.withLock { status in
            PluginStatusSnapshot(
                name: name, version: status.version, state: status.machine.state, pid: status.pid,
                restarts: status.machine.restarts, lastError: status.machine.lastError, since: status.machine.since,
                granted: status.granted, outboxPending: status.outboxPending)
        }
    }

    /// The outbox subscriber to count, when the plugin receives events.
    var subscriber: String? {
        status.withLock { status in
            guard let manifest = status.manifest, !manifest.grants.eventTypes.isEmpty else { return nil }
            return manifest.subscriberName
        }
    }

    func updatePending(_ count: Int) { status.withLock { $0.outboxPending = count } }

    /// Asks the supervisor to restart or stop the plugin; returns once it has taken the
    /// request up (at once when the host is not running).
    func request(_ request: SupervisorRequest) async {
        guard running.value else { return }
        await withCheckedContinuation { continuation in
            inbox.post(SupervisorEnvelope(request: request, accepted: continuation))
        }
    }

    /// Posts a request without waiting for it to be taken up.
    func post(_ request: SupervisorRequest) {
        inbox.post(SupervisorEnvelope(request: request, accepted: nil))
    }

    /// Supervises until shutdown (a request, or cancellation).
    func run() async {
        running.withLock { $0 = true }
        defer {
            running.withLock { $0 = false }
            for var envelope in inbox.close() { envelope.accept() }
        }
        await registerSubscription()
        var action = status.withLock { $0.machine.begin(now: host.clock()) }
        while true {
            switch action {
            case .spawn:
                action = await runOnce()
            case .backOff(let delay):
                if var envelope = await inbox.next(timeout: delay) {
                    action = await handle(envelope.request)
                    envelope.accept()
                } else if Task.isCancelled {
                    action = status.withLock { $0.machine.requested(.shutdown, now: host.clock()) }
                } else {
                    action = status.withLock { $0.machine.backoffElapsed(now: host.clock()) }
                }
            case .idle:
                guard var envelope = await inbox.next() else {
                    action = status.withLock { $0.machine.requested(.shutdown, now: host.clock()) }
                    continue
                }
                action = await handle(envelope.request)
                envelope.accept()  // after the move, so the requester sees the new state
            case .exit:
                return
            }
        }
    }

    /// A request between runs. A restart reads the manifest again, so an operator can fix it.
    private func handle(_ request: SupervisorRequest) async -> SupervisorStateMachine.Action {
        if request == .restart, let failure = reloadManifest() {
            return status.withLock { $0.machine.manifestFailed(failure, now: host.clock()) }
        }
        if request == .restart { await registerSubscription() }
        return status.withLock { $0.machine.requested(request, now: host.clock()) }
    }

    /// One run: start the process, run the session, and report how it ended.
    private func runOnce() async -> SupervisorStateMachine.Action {
        guard let manifest = status.value.manifest else {
            return status.withLock { $0.machine.manifestFailed("no manifest", now: host.clock()) }
        }
        let started = ContinuousClock.now
        var end = await session(manifest)
        if case .stopRequested(.restart) = end, let failure = reloadManifest() {
            return status.withLock { $0.machine.manifestFailed(failure, now: host.clock()) }
        }
        if case .stopRequested(.restart) = end { await registerSubscription() }
        if Task.isCancelled, end.isFailure { end = .stopRequested(.shutdown) }
        let ranFor = ContinuousClock.now - started
        let jitter = Double.random(in: 0..<1)
        return status.withLock { status in
            status.pid = nil
            return status.machine.runEnded(end, ranFor: ranFor, jitter: jitter, now: host.clock())
        }
    }

    private func session(_ manifest: PluginManifest) async -> SessionEnd {
        let stateDirectory = host.stateDirectory(for: manifest.name)
        let process: ChildProcess
        do {
            try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let spec = try LaunchSpec(manifest: manifest, stateDirectory: stateDirectory, parentEnvironment: ProcessInfo.processInfo.environment)
            let logger = self.logger
            process = try ChildProcess(
                spec, maxQueuedInput: host.configuration.maxQueuedOutputBytes, maxLineBytes: host.configuration.maxLogLineBytes
            ) { line in
                logger.info("\(line)", metadata: ["stream": "stderr"])
            }
        } catch {
            logger.error("plugin could not be started", metadata: ["error": "\(error)"])
            return .spawnFailed("\(error)")
        }
        status.withLock { $0.pid = process.pid }
        logger.info("plugin started", metadata: ["pid": "\(process.pid)"])
        let status = self.status
        let clock = host.clock
        let context = SessionContext(
            manifest: manifest, policy: EffectivePolicy(manifest.restart, host.configuration), configuration: host.configuration,
            stateDirectory: stateDirectory, handler: host.handler, outbox: host.outbox, attachments: host.attachments,
            mapping: host.mapping,
            commandLock: commandLock, clock: host.clock, logger: logger,
            onWelcome: { version, granted in
                status.withLock { status in
                    status.version = version
                    status.granted = granted
                    status.machine.handshakeCompleted(now: clock())
                }
            },
            onPending: { count in status.withLock { $0.outboxPending = count } })
        var end = await PluginSession(context: context, process: process).run(inbox: inbox)
        if case .exited(let exit, _) = end, let line = process.lastStderrLine, !line.isEmpty {
            end = .exited(exit, stderr: line)
        }
        logger.info("plugin run ended", metadata: ["reason": "\(end)"])
        return end
    }

    /// Reads the manifest file again; the error text when it no longer loads.
    private func reloadManifest() -> String? {
        guard let file else { return nil }
        do {
            let manifest = try ManifestLoader.load(file: file, expectedName: name)
            let policy = EffectivePolicy(manifest.restart, host.configuration)
            status.withLock { status in
                status.manifest = manifest
                status.granted = manifest.grants
                status.machine.policy = policy
                status.machine.manifestReloaded(enabled: manifest.enabled)
            }
            return nil
        } catch {
            logger.error("manifest no longer loads", metadata: ["error": "\(error)"])
            return "manifest: \(error)"
        }
    }

    /// Subscribes the plugin to its events durably, so what is published while it is down
    /// waits for it. Done at every start; the outbox keeps the queue and its place.
    private func registerSubscription() async {
        guard let manifest = status.value.manifest, manifest.enabled, !manifest.grants.eventTypes.isEmpty else { return }
        do {
            _ = try await host.outbox.register(
                OutboxSubscription(name: manifest.subscriberName, eventTypes: manifest.grants.eventTypes, workflows: manifest.grants.workflows))
            updatePending(try await host.outbox.pendingCount(subscriber: manifest.subscriberName))
        } catch {
            logger.error("could not subscribe the plugin to its events", metadata: ["error": "\(error)"])
        }
    }
}
