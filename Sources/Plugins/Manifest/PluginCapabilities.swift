/// What a plugin may do: the manifest grants it, the plugin asks for (part of) it in Hello,
/// the host enforces it on every message.
public struct PluginCapabilities: Hashable, Sendable {
    /// Matches every event type (in ``eventTypes``) or every workflow (in ``workflows``).
    public static let any = "*"

    /// Channels it may submit cases on (`letter`, `hotline12345`, a channel of its own).
    public var submitChannels: [String]
    /// Event types it receives (`registered`, `closed`, ...); `*` for all.
    public var eventTypes: [String]
    /// Workflow commands it may fire on cases (e.g. `record_survey`).
    public var commands: [String]
    /// Whether it may read petitioners' unmasked contact details (every read is audited).
    public var readContact: Bool
    /// Workflows whose cases it sees (events, commands, contact reads); empty: all.
    public var workflows: [String]

    public init(
        submitChannels: [String] = [], eventTypes: [String] = [], commands: [String] = [],
        readContact: Bool = false, workflows: [String] = []
    ) {
        self.submitChannels = submitChannels
        self.eventTypes = eventTypes
        self.commands = commands
        self.readContact = readContact
        self.workflows = workflows
    }

    /// True when the plugin may submit on `channel`.
    public func maySubmit(on channel: String) -> Bool { submitChannels.contains(channel) }

    /// True when the plugin receives events of `type`.
    public func receives(eventType type: String) -> Bool {
        eventTypes.contains(Self.any) || eventTypes.contains(type)
    }

    /// True when the plugin may see cases of `workflow`.
    public func sees(workflow: String) -> Bool {
        workflows.isEmpty || workflows.contains(Self.any) || workflows.contains(workflow)
    }

    /// True when the plugin may fire `command`.
    public func mayFire(_ command: String) -> Bool { commands.contains(command) }

    /// The first item of `requested` that these capabilities do not cover, described for a
    /// refusal (e.g. "channel `phone`"), or nil when every item is covered.
    public func firstUncovered(in requested: PluginCapabilities) -> String? {
        if let channel = requested.submitChannels.first(where: { !maySubmit(on: $0) }) {
            return "channel `\(channel)`"
        }
        if let type = requested.eventTypes.first(where: { $0 == Self.any ? !eventTypes.contains(Self.any) : !receives(eventType: $0) }) {
            return "event type `\(type)`"
        }
        if let command = requested.commands.first(where: { !mayFire($0) }) {
            return "command `\(command)`"
        }
        if requested.readContact, !readContact {
            return "`read_contact`"
        }
        if let workflow = requested.workflows.first(where: { $0 == Self.any ? !(workflows.isEmpty || workflows.contains(Self.any)) : !sees(workflow: $0) }) {
            return "workflow `\(workflow)`"
        }
        return nil
    }

    /// What a handshake asking for `requested` is granted: exactly what it asked for, with the
    /// manifest's workflows when it named none. Call after ``firstUncovered(in:)`` found nothing.
    public func grant(_ requested: PluginCapabilities) -> PluginCapabilities {
        var granted = requested
        if granted.workflows.isEmpty { granted.workflows = workflows }
        return granted
    }
}
