import Foundation
import PluginKit
import Synchronization

/// Turns the host's event deliveries into platform callbacks.
///
/// The host hands out events in log order. The relay handles one case's deliveries one after
/// another (``CaseQueues``) and acknowledges each only once its callback was accepted, so an
/// order's callbacks reach the platform in order even when the host sends several of a case
/// at once; different orders go on concurrently (the host caps deliveries in flight).
struct EventRelay: Sendable {
    let pluginName: String
    let book: OrderBook
    let deliver: @Sendable (StatusCallback) async throws -> Void
    let ack: @Sendable (UInt64) throws -> Void
    let log: @Sendable (PluginLogLevel, String, [String: String]) -> Void

    /// What to do with one delivery.
    enum Step: Equatable {
        /// A `registered` event of an order the plugin submitted: record it, then ack.
        case learn(OrderBook.Entry)
        /// A status change of a platform order: send the callback, then ack.
        case send(StatusCallback)
        /// Anything else (another case, an event the platform does not hear of): ack.
        case skip
    }

    /// Decides what a delivery needs (no I/O).
    func step(for event: CaseEvent) -> Step {
        if event.type == "registered" {
            let attributes = event.registered.attributes
            guard event.actor.id == "plugin:\(pluginName)", event.registered.summary.channel == WorkOrder.channel,
                let orderNo = attributes.first(where: { $0.name == WorkOrder.Attribute.orderNo })?.value
            else { return .skip }
            return .learn(OrderBook.Entry(caseID: event.caseID, caseNumber: event.caseNumber, orderNo: orderNo))
        }
        guard let order = book.entry(forCase: event.caseID), let callback = StatusCallback(event: event, order: order) else {
            return .skip
        }
        return .send(callback)
    }

    /// Handles deliveries until the stream ends (Shutdown); unfinished callbacks are
    /// cancelled then, and their events come again on the next run. A case's deliveries are
    /// handled one after another in the order they came, whatever the host sends at once.
    func run(_ deliveries: AsyncThrowingStream<PluginDelivery, any Error>) async throws {
        let queues = CaseQueues()
        // Discarding: a long run must not keep every finished task's result.
        try await withThrowingDiscardingTaskGroup { group in
            defer { group.cancelAll() }
            for try await delivery in deliveries {
                // A redelivery of one still queued or being handled is dropped: the first
                // handling acknowledges it.
                guard queues.enqueue(delivery) else { continue }
                group.addTask {
                    while let next = queues.next(forCase: delivery.event.caseID) {
                        do {
                            try await handle(next)
                            queues.finish(next)
                        } catch {
                            queues.abandon(next)
                            if !(error is CancellationError) {
                                // Not acknowledged: the host delivers it again after its timeout.
                                log(.error, "delivery not handled", ["delivery_id": "\(next.id)", "error": "\(error)"])
                            }
                            return
                        }
                    }
                }
            }
        }
    }

    func handle(_ delivery: PluginDelivery) async throws {
        switch step(for: delivery.event) {
        case .learn(let entry):
            try book.record(entry)
            log(.info, "order registered", ["case": entry.caseNumber])
        case .send(let callback):
            try await deliver(callback)
            log(.info, "callback accepted", ["callback_id": callback.callbackID, "status": callback.status])
        case .skip:
            break
        }
        try ack(delivery.id)
    }
}

/// Deliveries waiting or being handled, per case: one worker per case takes them in order.
final class CaseQueues: Sendable {
    private struct State {
        var waiting: [String: [PluginDelivery]] = [:]
        var working: Set<String> = []
        var known: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// Queues a delivery; true when its case has no worker yet (start one), false when a
    /// worker will take it or it is already known.
    func enqueue(_ delivery: PluginDelivery) -> Bool {
        state.withLock { state in
            guard state.known.insert(delivery.id).inserted else { return false }
            let caseID = delivery.event.caseID
            state.waiting[caseID, default: []].append(delivery)
            return state.working.insert(caseID).inserted
        }
    }

    /// The case's next delivery, or nil (and the worker ends) when none waits.
    func next(forCase caseID: String) -> PluginDelivery? {
        state.withLock { state in
            guard var queue = state.waiting[caseID], !queue.isEmpty else {
                state.waiting[caseID] = nil
                state.working.remove(caseID)
                return nil
            }
            let first = queue.removeFirst()
            state.waiting[caseID] = queue
            return first
        }
    }

    /// A delivery was handled and acknowledged.
    func finish(_ delivery: PluginDelivery) {
        _ = state.withLock { $0.known.remove(delivery.id) }
    }

    /// A delivery failed: forget the case's queue; the host sends its events again.
    func abandon(_ failed: PluginDelivery) {
        let caseID = failed.event.caseID
        state.withLock { state in
            state.known.remove(failed.id)
            for delivery in state.waiting[caseID] ?? [] { state.known.remove(delivery.id) }
            state.waiting[caseID] = nil
            state.working.remove(caseID)
        }
    }
}
