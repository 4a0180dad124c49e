/// A durable queue of events per subscriber (each plugin, each hotline callback target).
///
/// Rows are added in the same transaction that appends the events, so an event is either
/// recorded and queued for every matching subscriber, or neither. Delivery is at least once:
/// a delivery handed out and not acknowledged is handed out again after the redelivery
/// timeout, after `release(subscriber:)`, and after the store is opened again (a restart).
/// Acknowledging is idempotent, so every event is acknowledged exactly once in effect.
///
/// A typical consumer (the plugin host):
/// ```swift
/// _ = try await outbox.register(OutboxSubscription(name: "plugin:grid", eventTypes: ["*"], workflows: ["grid"]))
/// while !Task.isCancelled {
///     let head = try await outbox.headPosition()
///     let batch = try await outbox.pending(subscriber: "plugin:grid", limit: 64)
///     if batch.isEmpty { _ = await outbox.waitForHead(after: head); continue }
///     for delivery in batch { try await send(delivery) }
///     _ = try await outbox.ack(subscriber: "plugin:grid", deliveryIDs: batch.map(\.id))
/// }
/// ```
/// (A real consumer also wakes after the redelivery timeout, to collect what was handed out
/// and never acknowledged.)
public protocol Outbox: Sendable {
    /// Registers a subscriber, or updates the filter of one registered before.
    ///
    /// A new subscriber starts at the log's current head: it receives the events appended after
    /// it registered, never earlier ones. Registering again under the same name keeps its queue
    /// and its place (a plugin registers at every start and still receives what was published
    /// while it was down); a changed filter applies to events appended from then on.
    func register(_ subscription: OutboxSubscription) async throws -> OutboxSubscriber

    /// Removes a subscriber and its queue (a plugin taken out of service). The events stay.
    /// Returns false if there was no such subscriber.
    func unregister(_ name: String) async throws -> Bool

    /// Every registered subscriber, by name.
    func subscribers() async throws -> [OutboxSubscriber]

    /// Hands out the next unacknowledged deliveries, at most `limit`, in log order (so in order
    /// per case). A case whose earlier delivery is out and unacknowledged is held back, so a
    /// case's events never overtake one another. Each hand-out counts an attempt.
    func pending(subscriber: String, limit: Int) async throws -> [OutboxDelivery]

    /// Acknowledges deliveries by id. Acknowledging again, or an id that is not queued, does
    /// nothing. Returns how many were newly acknowledged.
    func ack(subscriber: String, deliveryIDs: [Int64]) async throws -> Int

    /// Makes every delivery that is out and unacknowledged available again now (the subscriber
    /// restarted and lost what it had been handed). Returns how many.
    func release(subscriber: String) async throws -> Int

    /// How many deliveries are not yet acknowledged (out or waiting).
    func pendingCount(subscriber: String) async throws -> Int

    /// Deletes acknowledged rows older than the retention period; returns how many.
    func prune() async throws -> Int

    /// The position of the newest event (0 when empty).
    func headPosition() async throws -> Int64

    /// Waits until the log's head passes `position` (new events, maybe new deliveries) or the
    /// task is cancelled; returns the head.
    func waitForHead(after position: Int64) async -> Int64
}
