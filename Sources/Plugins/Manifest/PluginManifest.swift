public import Foundation

/// One plugin as its manifest (`plugins/NAME/manifest.yaml`) describes it: how to start it,
/// who it acts as, what it is granted, and how it is restarted. docs/plugins.md documents
/// the file.
public struct PluginManifest: Hashable, Sendable {
    /// The plugin's name: the manifest's folder name and the name the plugin says in Hello.
    public var name: String
    /// A disabled plugin is listed (state `disabled`) but not started.
    public var enabled: Bool
    /// What the plugin is for, for operators.
    public var description: String
    /// The program: an absolute path, a path relative to the manifest's folder, or a name
    /// looked up on `PATH`.
    public var command: String
    /// The program's arguments.
    public var arguments: [String]
    /// Added to the small environment the host passes (PATH, HOME, LANG, TZ, ...); the
    /// daemon's own environment is not passed on.
    public var environment: [String: String]
    /// The plugin's working directory; default: the manifest's folder.
    public var workingDirectory: String?
    /// The name cases and events show for the plugin (`actor.display_name`).
    public var displayName: String
    /// The org a submission is registered at when it names none (`actor.org`).
    public var org: String
    /// What the plugin may do.
    public var grants: PluginCapabilities
    /// Other orgs a submission may name in `org_id` (`grants.orgs`; `*`: any).
    public var submitOrgs: [String]
    /// Restart and timing settings; unset ones come from the host's configuration.
    public var restart: RestartOverrides
    /// Values handed to the plugin in Welcome (`config`).
    public var config: [String: String]
    /// The folder the manifest was read from (relative commands are resolved against it).
    public var directory: URL?

    public init(
        name: String, enabled: Bool = true, description: String = "", command: String, arguments: [String] = [],
        environment: [String: String] = [:], workingDirectory: String? = nil, displayName: String? = nil,
        org: String = "", grants: PluginCapabilities = PluginCapabilities(), submitOrgs: [String] = [],
        restart: RestartOverrides = RestartOverrides(), config: [String: String] = [:], directory: URL? = nil
    ) {
        self.name = name
        self.enabled = enabled
        self.description = description
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.displayName = displayName ?? name
        self.org = org
        self.grants = grants
        self.submitOrgs = submitOrgs
        self.restart = restart
        self.config = config
        self.directory = directory
    }

    /// True when a submission may be registered at `orgID`.
    public func maySubmit(atOrg orgID: String) -> Bool {
        orgID == org || submitOrgs.contains(orgID) || submitOrgs.contains(PluginCapabilities.any)
    }

    /// The outbox subscriber name of this plugin.
    public var subscriberName: String { "plugin:\(name)" }
}

/// A manifest's `restart` section (and `heartbeat_interval_ms`): each unset value falls back
/// to the host's ``PluginHostConfiguration``.
public struct RestartOverrides: Hashable, Sendable {
    /// Consecutive failures after which the plugin is marked `failed` and left stopped.
    public var maxFailures: Int?
    /// The first restart delay; each further failure doubles it (with jitter).
    public var backoffInitial: Duration?
    /// The longest restart delay.
    public var backoffMax: Duration?
    /// A run this long resets the failure count.
    public var stableAfter: Duration?
    /// How long a stopping plugin has to exit before it is killed.
    public var grace: Duration?
    /// How often the host probes the plugin; no answer within twice this is a hang.
    public var heartbeatInterval: Duration?

    public init(
        maxFailures: Int? = nil, backoffInitial: Duration? = nil, backoffMax: Duration? = nil,
        stableAfter: Duration? = nil, grace: Duration? = nil, heartbeatInterval: Duration? = nil
    ) {
        self.maxFailures = maxFailures
        self.backoffInitial = backoffInitial
        self.backoffMax = backoffMax
        self.stableAfter = stableAfter
        self.grace = grace
        self.heartbeatInterval = heartbeatInterval
    }
}
