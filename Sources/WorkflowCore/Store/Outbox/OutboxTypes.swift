public import Foundation

/// What a subscriber (a plugin, a hotline callback target) asks to receive.
public struct OutboxSubscription: Hashable, Sendable {
    /// Matches every event type or every workflow.
    public static let any = "*"

    /// Unique name, e.g. `plugin:grid` or `callback:12345-sz`.
    public var name: String
    /// Event types to receive (`accepted`, `deadline_breached`); `*` for all.
    public var eventTypes: [String]
    /// Workflows whose cases it follows (`xinfang`, `hotline12345`); empty or `*` for all.
    public var workflows: [String]

    public init(name: String, eventTypes: [String] = [Self.any], workflows: [String] = []) {
        self.name = name
        self.eventTypes = eventTypes
        self.workflows = workflows
    }

    /// True when an event of `type` on a case of `workflow` is for this subscriber.
    public func matches(type: String, workflow: String) -> Bool {
        (eventTypes.contains(Self.any) || eventTypes.contains(type))
            && (workflows.isEmpty || workflows.contains(Self.any) || workflows.contains(workflow))
    }
}

/// A registered subscriber and where its queue starts.
public struct OutboxSubscriber: Hashable, Sendable {
    public var subscription: OutboxSubscription
    /// The log's head when it first registered: events at or before it are not queued for it.
    public var registeredPosition: Int64
    /// The head when its current filter took effect (registration or the last filter change).
    public var sincePosition: Int64
    public var registeredAt: Date

    public var name: String { subscription.name }
}

/// One event handed out to a subscriber, to be acknowledged by `id`.
public struct OutboxDelivery: Hashable, Sendable {
    /// The delivery's id: the event's global log position (unique per subscriber).
    public var id: Int64
    public var subscriber: String
    /// 1 on the first hand-out, 2 on the first redelivery, ...
    public var attempt: Int
    /// The workflow of the event's case (for a consumer's own filtering and mapping).
    public var workflow: String
    public var event: RecordedEvent
}

/// Limits on outbox input. Errors quote these values.
public enum OutboxLimits {
    /// A subscriber's name: characters.
    public static let nameCharacters = 64
    /// Event types or workflows in one subscription.
    public static let filterValues = 64
    /// One event type or workflow id in a filter: characters.
    public static let filterValueCharacters = 64
    /// Deliveries handed out or acknowledged by one call.
    public static let deliveriesPerCall = 1_000
    /// Unacknowledged rows one hand-out looks at (bounds the work when many are out).
    public static let scanPerCall = 20_000
}

/// A failure of an outbox call: bad input (naming the field and the limit) or an unknown subscriber.
public struct OutboxError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String { case invalidField, unknownSubscriber }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// An argument is out of its limits; `field` and `limit` say which.
        public static let invalidField = Code(.invalidField)
        /// No subscriber of that name is registered.
        public static let unknownSubscriber = Code(.unknownSubscriber)

        public var description: String { wrapped.rawValue }
    }

    public var code: Code
    public var field: String
    public var message: String
    public var limit: String?

    public init(_ code: Code, field: String, _ message: String, limit: String? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.limit = limit
    }

    public var description: String {
        "outbox \(code): \(field) \(message)" + (limit.map { " (limit \($0))" } ?? "")
    }
}
