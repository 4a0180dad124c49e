import Foundation
import Logging
import SwiftProtobuf
import WireProtocol
import WorkflowCore

/// What every run of a plugin needs from the host.
struct SessionContext: Sendable {
    var manifest: PluginManifest
    var policy: EffectivePolicy
    var configuration: PluginHostConfiguration
    var stateDirectory: URL
    var handler: CaseCommandHandler
    var outbox: any Outbox
    var attachments: AttachmentStore
    var mapping: EventMapping
    var commandLock: KeyedLock<String>
    var clock: @Sendable () -> Date
    var logger: Logger
    /// The handshake completed: the version the plugin sent and what it was granted.
    var onWelcome: @Sendable (_ version: String, _ granted: PluginCapabilities) -> Void
    /// The outbox's count of unacknowledged deliveries.
    var onPending: @Sendable (Int) -> Void
}

/// One run of a plugin process: the handshake, then requests, heartbeats and deliveries,
/// until the process ends, misbehaves, or the supervisor asks it to stop. Then the process
/// is stopped (politely when asked, at once when it misbehaved) and reaped.
final class PluginSession: Sendable {
    private let context: SessionContext
    private let process: ChildProcess
    private let liveness: LockedBox<Liveness>
    /// Set by whatever finds the plugin unusable outside the reading loop (output not read).
    private let fatal = Latch<SessionEnd>()
    private let welcomed = Latch<PluginCapabilities>()
    private let pump = LockedBox<DeliveryPump?>(nil)

    init(context: SessionContext, process: ChildProcess) {
        self.context = context
        self.process = process
        liveness = LockedBox(Liveness(
            started: .now, interval: context.policy.heartbeatInterval, handshakeTimeout: context.policy.handshakeTimeout))
    }

    private var logger: Logger { context.logger }

    /// Runs until the plugin's run ends; returns why. A stop request taken up as the run
    /// ended for another reason is posted back to `inbox`.
    func run(inbox: SupervisorInbox) async -> SessionEnd {
        let end = await withTaskGroup(of: SessionEnd?.self) { group -> SessionEnd in
            group.addTask { await self.converse() }
            group.addTask { await self.watchLiveness() }
            group.addTask { await self.fatal.value() }
            group.addTask { await self.watchExit() }
            group.addTask {
                guard var envelope = await inbox.next() else { return nil }
                envelope.accept()
                return .stopRequested(envelope.request)
            }
            group.addTask {
                await self.deliver()
                return nil
            }
            var end: SessionEnd?
            while end == nil, let result = await group.next() { end = result }
            group.cancelAll()
            for await late in group {
                if case .stopRequested(let request)? = late, late != end {
                    inbox.post(SupervisorEnvelope(request: request, accepted: nil))
                }
            }
            return end ?? .stopRequested(.shutdown)
        }
        return await stop(after: end)
    }

    // MARK: - Reading

    /// The handshake, then every message until the plugin's output ends or breaks.
    private func converse() async -> SessionEnd? {
        let limit = context.configuration.maxFrameBytes
        var messages = FrameReader(process.output, of: Xinfang_V1_PluginMessage.self, maxFrameBytes: limit).makeAsyncIterator()
        do {
            guard let first = try await messages.next() else { return Task.isCancelled ? nil : .outputClosed }
            if let refused = handshake(first) { return refused }
            return await withTaskGroup(of: Void.self) { requests -> SessionEnd? in
                var inFlight = 0
                do {
                    while let message = try await messages.next() {
                        guard let work = dispatch(message) else { continue }
                        if inFlight >= context.configuration.maxConcurrentRequests {
                            await requests.next()
                            inFlight -= 1
                        }
                        requests.addTask(operation: work)
                        inFlight += 1
                    }
                } catch {
                    return violation(error)
                }
                // What the plugin sent before it went away is still answered (and done): a
                // submission sent just before a crash registers its case.
                await requests.waitForAll()
                return Task.isCancelled ? nil : .outputClosed
            }
        } catch {
            return violation(error)
        }
    }

    /// Answers Hello with Welcome (nil: go on) or Refusal (the run ends).
    private func handshake(_ first: Xinfang_V1_PluginMessage) -> SessionEnd? {
        let terms = Handshake.Terms(
            heartbeatInterval: context.policy.heartbeatInterval, maxFrameBytes: context.configuration.maxFrameBytes,
            stateDirectory: context.stateDirectory.path)
        switch Handshake.evaluate(first, manifest: context.manifest, terms: terms) {
        case .refuse(let code, let reason):
            logger.warning("handshake refused", metadata: ["code": "\(code)", "reason": "\(reason)"])
            send(.with { $0.refusal = .with { $0.code = code; $0.reason = reason } })
            return .refused(code: code, reason: reason)
        case .welcome(let welcome, let granted):
            send(.with { $0.welcome = welcome })
            liveness.withLock { $0.handshakeCompleted(now: .now) }
            if case .hello(let hello) = first.body {
                logger.info("plugin connected", metadata: ["version": "\(hello.pluginVersion)"])
                context.onWelcome(hello.pluginVersion, granted)
            }
            welcomed.set(granted)
            return nil
        }
    }

    /// Handles one message after the handshake; requests come back as work to run concurrently.
    private func dispatch(_ message: Xinfang_V1_PluginMessage) -> (@Sendable () async -> Void)? {
        guard let body = message.body else {
            sendError(PluginErrors.make("protocol", "the message has no body; set exactly one field of PluginMessage"))
            return nil
        }
        guard let granted = welcomed.current else { return nil }
        let requests = RequestHandler(
            manifest: context.manifest, granted: granted, handler: context.handler, attachments: context.attachments,
            clock: context.clock,
            commandLock: context.commandLock)
        switch body {
        case .submit(let submit):
            return {
                let result = await requests.submit(submit)
                self.send(.with { $0.submitResult = result })
            }
        case .command(let command):
            return {
                let result = await requests.command(command)
                self.send(.with { $0.commandResult = result })
            }
        case .contactRequest(let request):
            return {
                let result = await requests.contact(request)
                self.send(.with { $0.contactResponse = result })
            }
        case .attachment(let upload):
            return {
                let result = requests.attachment(upload)
                self.send(.with { $0.attachmentStored = result })
            }
        case .ack(let ack):
            pump.value?.acknowledged(ack.deliveryID)
        case .heartbeat(let beat):
            let answered = liveness.withLock { $0.received(sequence: beat.sequence, now: .now) }
            if !answered {
                send(.with { $0.heartbeat = .with { $0.sequence = beat.sequence; $0.sentAt = Google_Protobuf_Timestamp(date: Date()) } })
            }
        case .log(let record):
            log(record)
        case .error(let error):
            logger.warning(
                "plugin reports an error",
                metadata: ["code": "\(error.code)", "message": "\(error.message)", "request_id": "\(error.requestID)"])
        case .hello:
            sendError(PluginErrors.make("protocol", "Hello was already received; send it once, first"))
        }
        return nil
    }

    private func log(_ record: Xinfang_V1_LogRecord) {
        let level: Logger.Level
        switch record.level {
        case "debug": level = .debug
        case "warning": level = .warning
        case "error": level = .error
        default: level = .info
        }
        var metadata: Logger.Metadata = [:]
        for field in record.metadata.prefix(32) { metadata["plugin.\(field.name)"] = "\(field.value.prefix(1_000))" }
        logger.log(level: level, "\(record.message.prefix(context.configuration.maxLogLineBytes))", metadata: metadata)
    }

    /// A bad frame: tell the plugin why (best effort), and end the run.
    private func violation(_ error: any Error) -> SessionEnd? {
        guard let wire = error as? WireProtocolError else {
            return Task.isCancelled ? nil : .protocolViolation("\(error)")
        }
        let code = wire.code == .frameTooLarge ? "frame_too_large" : "protocol"
        sendError(PluginErrors.make(code, wire.message, field: wire.field, limit: wire.limit.map { "\($0) bytes" } ?? ""))
        logger.warning("plugin broke the protocol", metadata: ["error": "\(wire.message)"])
        return .protocolViolation(wire.message)
    }

    // MARK: - Writing

    private func sendError(_ error: Xinfang_V1_PluginError) {
        send(.with { $0.error = error })
    }

    /// Queues a frame for the plugin. A plugin that lets output pile up is not reading: the
    /// run ends as hung. A closed pipe needs nothing here: the exit is noticed.
    private func send(_ message: Xinfang_V1_HostMessage) {
        let frame: [UInt8]
        do {
            frame = try FrameEncoder.encode(message, maxFrameBytes: context.configuration.maxFrameBytes)
        } catch {
            logger.error("a message for the plugin could not be framed", metadata: ["error": "\(error)"])
            return
        }
        do {
            try process.input.enqueue(frame)
        } catch {
            if case .queueFull(let queued, let limit) = error {
                fatal.set(.hung("is not reading its input (\(queued) bytes wait; limit \(limit))"))
            }
        }
    }

    // MARK: - Watching

    private func watchLiveness() async -> SessionEnd? {
        let tick = max(context.policy.heartbeatInterval / 4, .milliseconds(5))
        while !Task.isCancelled {
            try? await Task.sleep(for: min(tick, context.policy.handshakeTimeout))
            guard !Task.isCancelled else { return nil }
            switch liveness.withLock({ $0.check(now: .now) }) {
            case .fine:
                continue
            case .probe(let sequence):
                send(.with { $0.heartbeat = .with { $0.sequence = sequence; $0.sentAt = Google_Protobuf_Timestamp(date: Date()) } })
            case .hung(let reason):
                logger.warning("plugin hung", metadata: ["reason": "\(reason)"])
                return .hung(reason)
            }
        }
        return nil
    }

    /// The process ended: give its output a grace period to be read to the end (in-flight
    /// requests are still answered), then end the run.
    private func watchExit() async -> SessionEnd? {
        guard let status = await process.waitForExit() else { return nil }
        try? await Task.sleep(for: context.policy.grace)
        return Task.isCancelled ? nil : .exited(status)
    }

    private func deliver() async {
        guard !context.manifest.grants.eventTypes.isEmpty, let granted = await welcomed.value(), !granted.eventTypes.isEmpty else {
            return
        }
        let delivery = DeliveryPump(
            outbox: context.outbox, subscriber: context.manifest.subscriberName, granted: granted,
            mapping: context.mapping, window: context.configuration.deliveryWindow, poll: context.configuration.redeliveryPoll,
            logger: logger, send: { [weak self] message in self?.send(message) }, reportPending: context.onPending)
        pump.withLock { $0 = delivery }
        await delivery.run()
    }

    // MARK: - Stopping

    private func stop(after end: SessionEnd) async -> SessionEnd {
        defer { process.output.stop() }
        let grace = context.policy.grace
        switch end {
        case .exited, .spawnFailed:
            process.input.finish()
            _ = await process.terminate(grace: .zero, politely: true)
            return end
        case .stopRequested:
            send(.with { $0.shutdown = .with { $0.graceMs = UInt32(clamping: Handshake.milliseconds(grace)) } })
            process.input.finish()
            let status = await process.terminate(grace: grace, politely: true)
            logger.info("plugin stopped", metadata: ["status": "\(status)"])
            return end
        case .refused:
            process.input.finish()
            _ = await process.terminate(grace: grace, politely: true)
            return end
        case .outputClosed:
            process.input.finish()
            return .exited(await process.terminate(grace: grace, politely: true))
        case .hung, .protocolViolation:
            process.input.finish()
            _ = await process.terminate(grace: grace, politely: false)
            return end
        }
    }
}
