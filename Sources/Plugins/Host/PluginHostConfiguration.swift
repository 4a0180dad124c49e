/// The host's timings and limits. Each plugin's manifest may override the restart and
/// heartbeat settings; tests shorten them all.
public struct PluginHostConfiguration: Sendable, Hashable {
    /// How often a plugin is probed; no answer within twice this is a hang.
    public var heartbeatInterval: Duration = .seconds(5)
    /// How long a started plugin has to send Hello.
    public var handshakeTimeout: Duration = .seconds(10)
    /// How long a stopping plugin has to exit before it is killed.
    public var grace: Duration = .seconds(5)
    /// The first restart delay; each further consecutive failure doubles it, with jitter.
    public var backoffInitial: Duration = .seconds(1)
    /// The longest restart delay.
    public var backoffMax: Duration = .seconds(60)
    /// Consecutive failures after which a plugin is marked `failed` and left stopped.
    public var maxFailures: Int = 5
    /// A run this long counts as healthy and resets the failure count.
    public var stableAfter: Duration = .seconds(60)
    /// The largest frame body either side may send (at most 4 MiB, the protocol's limit).
    public var maxFrameBytes: Int = 4 * 1024 * 1024
    /// Output queued for a plugin beyond this means it is not reading: it is stopped as hung.
    public var maxQueuedOutputBytes: Int = 16 * 1024 * 1024
    /// Deliveries sent and not yet acknowledged, per plugin.
    public var deliveryWindow: Int = 64
    /// How often the outbox is asked again for deliveries out too long without an ack.
    public var redeliveryPoll: Duration = .seconds(5)
    /// Requests a plugin may have in flight at once; more wait (the host stops reading).
    public var maxConcurrentRequests: Int = 32
    /// How often the outbox counts of plugins that are not running are refreshed.
    public var statusRefresh: Duration = .seconds(5)
    /// The longest stderr line logged; longer lines are cut.
    public var maxLogLineBytes: Int = 8 * 1024

    public init() {}
}

/// The restart and timing settings that apply to one plugin: its manifest's, else the host's.
struct EffectivePolicy: Sendable, Hashable {
    var heartbeatInterval: Duration
    var handshakeTimeout: Duration
    var grace: Duration
    var backoffInitial: Duration
    var backoffMax: Duration
    var maxFailures: Int
    var stableAfter: Duration

    init(_ overrides: RestartOverrides, _ configuration: PluginHostConfiguration) {
        heartbeatInterval = overrides.heartbeatInterval ?? configuration.heartbeatInterval
        handshakeTimeout = configuration.handshakeTimeout
        grace = overrides.grace ?? configuration.grace
        backoffInitial = overrides.backoffInitial ?? configuration.backoffInitial
        backoffMax = max(overrides.backoffMax ?? configuration.backoffMax, backoffInitial)
        maxFailures = overrides.maxFailures ?? configuration.maxFailures
        stableAfter = overrides.stableAfter ?? configuration.stableAfter
    }
}
