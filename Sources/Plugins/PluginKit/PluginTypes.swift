public import WireProtocol

// The protocol's messages under the names plugin authors use. They are the generated
// protobuf types (build them with `.with { ... }`); the framing stays hidden.

/// What a plugin asks for in its handshake and what the host grants.
public typealias Capabilities = Xinfang_V1_Capabilities
/// A case a plugin submits; its `idempotencyKey` makes a retry after a crash safe.
public typealias Submission = Xinfang_V1_Submission
/// The host's answer to a submission: the case created now, or the one the key created before.
public typealias SubmitResponse = Xinfang_V1_SubmitResponse
/// A case event delivered from the plugin's outbox.
public typealias CaseEvent = Xinfang_V1_CaseEvent
/// A stored attachment, named by its SHA-256 (refer to it in `Submission.attachments`).
public typealias AttachmentRef = Xinfang_V1_AttachmentRef
/// A petitioner's details (unmasked only in the answer to a contact request).
public typealias Petitioner = Xinfang_V1_Petitioner

/// One event from the plugin's durable outbox. Acknowledge it with ``Plugin/ack(_:)`` once
/// finished with it; an unacknowledged delivery is delivered again after a restart.
public struct PluginDelivery: Sendable, Hashable {
    /// The outbox's id for this delivery (echoed in the acknowledgement).
    public var id: UInt64
    /// The case event.
    public var event: CaseEvent
    /// 1 on the first delivery, more on a redelivery (the plugin may have seen it before).
    public var attempt: Int

    public init(id: UInt64, event: CaseEvent, attempt: Int) {
        self.id = id
        self.event = event
        self.attempt = attempt
    }
}

/// What the host said in its Welcome.
public struct PluginSettings: Sendable, Hashable {
    /// Exactly what the plugin asked for (the host refuses a handshake asking for more).
    public var granted: Capabilities
    /// The manifest's `config` values.
    public var config: [String: String]
    /// A folder the plugin may keep state in between runs.
    public var stateDirectory: String
    /// How often the host probes the plugin (PluginKit answers by itself).
    public var heartbeatInterval: Duration
    /// The largest frame body either side may send.
    public var maxFrameBytes: Int

    public init(granted: Capabilities, config: [String: String], stateDirectory: String, heartbeatInterval: Duration, maxFrameBytes: Int) {
        self.granted = granted
        self.config = config
        self.stateDirectory = stateDirectory
        self.heartbeatInterval = heartbeatInterval
        self.maxFrameBytes = maxFrameBytes
    }
}

/// The state of a case after a workflow command the plugin fired.
public struct CommandOutcome: Sendable, Hashable {
    /// The case's state id after the command.
    public var state: String
    /// The case's version (its number of events) after the command.
    public var version: Int64
}

/// The level of a log record sent to the host's log.
public enum PluginLogLevel: String, Sendable, CaseIterable {
    case debug, info, warning, error
}
