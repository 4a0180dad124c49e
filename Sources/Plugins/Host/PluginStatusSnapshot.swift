public import Foundation

/// Where a plugin is in its life.
public enum PluginState: String, Sendable, Hashable, CaseIterable {
    /// Started, handshake not yet complete.
    case starting
    /// Handshake complete; serving.
    case running
    /// Stopped after a failure; restarting after a delay.
    case backingOff = "backing_off"
    /// Failed too often in a row (or refused, or its manifest is wrong): left stopped until
    /// an operator restarts it.
    case failed
    /// Stopped by the host (shutdown).
    case stopped
    /// Not started: `enabled: false` in its manifest.
    case disabled
}

/// A plugin as the host sees it now (AdminService.ListPlugins, xfsh `plugins`).
public struct PluginStatusSnapshot: Sendable, Hashable {
    /// The plugin's name, as in its manifest.
    public var name: String
    /// The version the plugin sent in Hello (empty before its first handshake).
    public var version: String
    /// Where it is in its life.
    public var state: PluginState
    /// The process id while a process runs.
    public var pid: Int32?
    /// How many times the host has started it again (after failures or on request).
    public var restarts: Int
    /// The last error reported by or about it.
    public var lastError: String?
    /// When it entered `state`.
    public var since: Date
    /// What the manifest grants (before the first handshake), or what the running plugin was
    /// granted.
    public var granted: PluginCapabilities
    /// Events waiting in its outbox (not yet acknowledged).
    public var outboxPending: Int

    public init(
        name: String, version: String = "", state: PluginState, pid: Int32? = nil, restarts: Int = 0,
        lastError: String? = nil, since: Date, granted: PluginCapabilities = PluginCapabilities(), outboxPending: Int = 0
    ) {
        self.name = name
        self.version = version
        self.state = state
        self.pid = pid
        self.restarts = restarts
        self.lastError = lastError
        self.since = since
        self.granted = granted
        self.outboxPending = outboxPending
    }
}
