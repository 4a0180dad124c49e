/// A command that moves a case from one state to another (or acts on it in place, as 督办
/// and 包案 do), who may fire it, what it must carry and what it emits.
public struct WorkflowTransition: Hashable, Sendable, Codable {
    /// `from: ["*"]` means any non-terminal state.
    public static let anyState = "*"

    public var command: String
    public var label: String
    public var from: [String]
    /// Empty: the case stays in its state (an action such as 督办).
    public var to: String
    public var roles: [Role]
    public var requiredFields: [FieldRule]
    /// Fields the command may carry; checked when present (e.g. `served_on`, the date a reply
    /// reached the petitioner).
    public var optionalFields: [FieldRule]
    /// The event type it emits and that event's label.
    public var emits: String
    public var emitsLabel: String
    /// The article or clause it comes from.
    public var source: String
    /// Rules beyond role and fields: time windows, caps, pending approvals, tracks.
    public var guards: [TransitionGuard]
    /// Records the acting user's id in this field of the event (`leader` for 包案,
    /// `handler` for 签收), so the case state knows who took it.
    public var recordActorAs: String

    public init(
        command: String, label: String, from: [String], to: String, roles: [Role],
        requiredFields: [FieldRule] = [], optionalFields: [FieldRule] = [], emits: String, emitsLabel: String,
        source: String = "", guards: [TransitionGuard] = [], recordActorAs: String = ""
    ) {
        self.command = command
        self.label = label
        self.from = from
        self.to = to
        self.roles = roles
        self.requiredFields = requiredFields
        self.optionalFields = optionalFields
        self.emits = emits
        self.emitsLabel = emitsLabel
        self.source = source
        self.guards = guards
        self.recordActorAs = recordActorAs
    }

    /// A declared field, required or optional.
    public func fieldRule(_ name: String) -> FieldRule? {
        requiredFields.first { $0.name == name } ?? optionalFields.first { $0.name == name }
    }
}

/// A field a transition carries.
public struct FieldRule: Hashable, Sendable, Codable {
    /// What a field's text must be.
    public enum ValueType: String, Hashable, Sendable, Codable, CaseIterable {
        case text
        /// A whole number of at least 1 (e.g. the days of an extension).
        case integer
        /// A civil date `YYYY-MM-DD`.
        case date
    }

    public var name: String
    public var label: String
    /// Characters; 0 means Limits.fieldCharacters.
    public var maxLength: Int
    /// Allowed values when the field is an enumeration.
    public var oneOf: [String]
    public var type: ValueType

    public init(name: String, label: String, maxLength: Int = 0, oneOf: [String] = [], type: ValueType = .text) {
        self.name = name
        self.label = label
        self.maxLength = maxLength
        self.oneOf = oneOf
        self.type = type
    }
}

/// A condition a transition must meet, named so its refusal can say which rule said no.
///
/// One kind per guard; the fields a kind does not use stay empty. See docs/workflows.md.
public struct TransitionGuard: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The command must come within `amount` `unit` of the latest of the `after` events
        /// (复查 within 30 days of the reply; 退单 within 2 working days of 派单).
        case within
        /// The command may come only once that window has passed.
        case windowElapsed = "window_elapsed"
        /// `command` may have fired at most `max` - 1 times before (退单 cap, one extension).
        case maxCount = "max_count"
        /// A `requestedBy` event is waiting for one of `resolvedBy` (approval of a request).
        case pending
        /// No `requestedBy` event is waiting (one request at a time).
        case notPending = "not_pending"
        /// The case attribute `attribute` is one of `values` (the matter class's track).
        case attributeIn = "attribute_in"
        /// The case has a link of `linkKind` (不再受理 points at the earlier case).
        case requiresLink = "requires_link"
        /// The case has no link of `linkKind`.
        case blockedByLink = "blocked_by_link"
    }

    public var kind: Kind
    /// The rule's name in refusals, e.g. `review_window`, `bounce_cap`.
    public var rule: String
    /// The article or clause, quoted in refusals.
    public var source: String
    /// Replaces the generic first sentence of the refusal, e.g. "复查 request is past its 30-day window".
    public var message: String
    public var after: [String]
    public var amount: Int
    public var unit: DeadlineUnit?
    /// A case attribute holding the date the window runs from (e.g. `served_on`), when set.
    public var dateAttribute: String
    public var command: String
    public var max: Int
    public var requestedBy: String
    public var resolvedBy: [String]
    public var attribute: String
    public var values: [String]
    public var linkKind: String

    public init(
        kind: Kind, rule: String, source: String = "", message: String = "", after: [String] = [], amount: Int = 0,
        unit: DeadlineUnit? = nil, dateAttribute: String = "", command: String = "", max: Int = 0,
        requestedBy: String = "", resolvedBy: [String] = [], attribute: String = "", values: [String] = [],
        linkKind: String = ""
    ) {
        self.kind = kind
        self.rule = rule
        self.source = source
        self.message = message
        self.after = after
        self.amount = amount
        self.unit = unit
        self.dateAttribute = dateAttribute
        self.command = command
        self.max = max
        self.requestedBy = requestedBy
        self.resolvedBy = resolvedBy
        self.attribute = attribute
        self.values = values
        self.linkKind = linkKind
    }

    /// Whether the guard can be judged without the time of the command.
    public var isTimeless: Bool { kind != .within && kind != .windowElapsed }
}
