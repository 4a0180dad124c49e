import Foundation
import Logging
import Synchronization
import WireProtocol
import WorkflowCore

/// Moves one plugin's outbox to the plugin during one run: hands out deliveries (at most a
/// window of them unacknowledged), sends them in log order (so in order per case), and
/// records the plugin's acknowledgements in the outbox.
///
/// At the start of a run, deliveries the previous run was handed and never acknowledged are
/// released, so they are sent again at once. Events of a type or workflow the plugin did not
/// ask for in its handshake (its manifest subscribes it to more) are acknowledged by the host
/// without being sent.
final class DeliveryPump: Sendable {
    private struct State {
        var acked: [Int64] = []
        var inFlight: Set<Int64> = []
    }

    private let state = Mutex(State())
    private let wakeup = Wakeup()
    private let outbox: any Outbox
    private let subscriber: String
    private let granted: PluginCapabilities
    private let mapping: EventMapping
    private let window: Int
    private let poll: Duration
    private let send: @Sendable (Xinfang_V1_HostMessage) -> Void
    private let reportPending: @Sendable (Int) -> Void
    private let logger: Logger

    init(
        outbox: any Outbox, subscriber: String, granted: PluginCapabilities, mapping: EventMapping,
        window: Int, poll: Duration, logger: Logger, send: @escaping @Sendable (Xinfang_V1_HostMessage) -> Void,
        reportPending: @escaping @Sendable (Int) -> Void
    ) {
        self.outbox = outbox
        self.subscriber = subscriber
        self.granted = granted
        self.mapping = mapping
        self.window = max(1, min(window, OutboxLimits.deliveriesPerCall))
        self.poll = poll
        self.logger = logger
        self.send = send
        self.reportPending = reportPending
    }

    /// The plugin acknowledged a delivery. Ids it was never sent are ignored (the outbox
    /// would ignore them too; this keeps a plugin to its own deliveries).
    func acknowledged(_ id: UInt64) {
        let known = state.withLock { state -> Bool in
            guard let id = Int64(exactly: id), state.inFlight.remove(id) != nil else { return false }
            state.acked.append(id)
            return true
        }
        if known { wakeup.signal() }
    }

    /// Runs until cancelled. Outbox failures are logged and retried after the poll interval;
    /// they never end the plugin's run.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.watchHead() }
            group.addTask { await self.pump() }
            await group.next()
            group.cancelAll()
        }
    }

    private func pump() async {
        var released = false
        while !Task.isCancelled {
            do {
                if !released {
                    _ = try await outbox.release(subscriber: subscriber)
                    released = true
                }
                let more = try await step()
                reportPending(try await outbox.pendingCount(subscriber: subscriber))
                if !more { await wakeup.wait(timeout: poll) }
            } catch is CancellationError {
                return
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("outbox delivery failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: poll)
            }
        }
    }

    /// Records acknowledgements, then sends what fits in the window. True when it should run
    /// again at once (more may be waiting).
    private func step() async throws -> Bool {
        let acked = state.withLock { state in
            defer { state.acked.removeAll() }
            return state.acked
        }
        if !acked.isEmpty { _ = try await outbox.ack(subscriber: subscriber, deliveryIDs: acked) }
        let room = window - state.withLock { $0.inFlight.count }
        guard room > 0 else { return false }
        let batch = try await outbox.pending(subscriber: subscriber, limit: room)
        var skipped: [Int64] = []
        for delivery in batch {
            let workflow = delivery.workflow
            guard granted.receives(eventType: delivery.event.event.type), granted.sees(workflow: workflow) else {
                skipped.append(delivery.id)
                continue
            }
            state.withLock { _ = $0.inFlight.insert(delivery.id) }
            send(Xinfang_V1_HostMessage.with {
                $0.event = Xinfang_V1_EventDelivery.with {
                    $0.deliveryID = UInt64(delivery.id)
                    $0.event = mapping.event(delivery.event, workflow: workflow)
                    $0.attempt = UInt32(clamping: delivery.attempt)
                }
            })
        }
        if !skipped.isEmpty { _ = try await outbox.ack(subscriber: subscriber, deliveryIDs: skipped) }
        return batch.count == room || !skipped.isEmpty
    }

    /// Wakes the pump whenever the log's head moves (new events may be queued).
    private func watchHead() async {
        var head = (try? await outbox.headPosition()) ?? 0
        while !Task.isCancelled {
            let next = await outbox.waitForHead(after: head)
            if next > head {
                head = next
                wakeup.signal()
            } else {
                // The store is closing (or the task was cancelled): do not spin.
                try? await Task.sleep(for: poll)
            }
        }
    }
}
