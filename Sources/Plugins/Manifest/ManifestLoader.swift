public import Foundation
import Yams

/// Loads plugin manifests: one folder per plugin under the manifests folder, each holding a
/// `manifest.yaml` (or `manifest.json`; JSON is YAML too). Folders without one (such as
/// `sdk`) are not plugins.
public enum ManifestLoader {
    /// The file names a plugin folder's manifest may have, in the order they are looked for.
    public static let fileNames = ["manifest.yaml", "manifest.yml", "manifest.json"]

    /// One manifest file, loaded or not. A broken manifest still names a plugin (its folder's
    /// name), so the host can show it as failed instead of leaving it out.
    public struct Entry: Sendable {
        /// The plugin's name (the folder's name).
        public var name: String
        /// The manifest file.
        public var file: URL
        /// The manifest, or why it does not load.
        public var manifest: Result<PluginManifest, ManifestError>
    }

    /// Every plugin folder under `directory` with a manifest, sorted by name. A missing
    /// folder has no plugins.
    public static func loadAll(from directory: URL) -> [Entry] {
        let folders = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isDirectoryKey])) ?? []
        var entries: [Entry] = []
        for folder in folders where (try? folder.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
            let candidates = fileNames.map { folder.appendingPathComponent($0) }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { continue }
            let name = folder.lastPathComponent
            let manifest = Result { () throws(ManifestError) in try load(file: file, expectedName: name) }
            entries.append(Entry(name: name, file: file, manifest: manifest))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// Loads one manifest file; `expectedName` (the folder's name) must match its `name`.
    public static func load(file: URL, expectedName: String? = nil) throws(ManifestError) -> PluginManifest {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ManifestError(.unreadable, file: file.path, field: "", "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: file.path, directory: file.deletingLastPathComponent(), expectedName: expectedName)
    }

    /// Parses a manifest's text.
    public static func parse(
        _ text: String, file: String, directory: URL? = nil, expectedName: String? = nil
    ) throws(ManifestError) -> PluginManifest {
        let reader = ManifestReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw reader.error(.syntax, "", "is not valid YAML or JSON: \(error)")
        }
        let top = try reader.mapping(root, at: "", allowed: [
            "name", "enabled", "description", "command", "arguments", "environment", "working_directory",
            "actor", "grants", "restart", "heartbeat_interval_ms", "config",
        ])
        let name = try reader.string(top["name"], at: "name", limit: 64)
        guard Self.isIdentifier(name, allowingDash: true) else {
            throw reader.error(.invalidValue, "name", "`\(name)` is not a plugin name (lowercase letters, digits, `_`, `-`; at most 64 characters)")
        }
        if let expectedName, expectedName != name {
            throw reader.error(.invalidValue, "name", "`\(name)` must equal the manifest's folder name `\(expectedName)`")
        }
        let actor = try reader.mapping(top["actor"], at: "actor", allowed: ["display_name", "org"])
        let grants = try readGrants(top["grants"], reader: reader)
        let org = try reader.optionalString(actor["org"], at: "actor.org")?.trimmingCharacters(in: .whitespaces) ?? ""
        if !grants.capabilities.submitChannels.isEmpty, org.isEmpty {
            throw reader.error(.syntax, "actor.org", "is missing: a plugin granted submit channels registers cases at this org")
        }
        let restart = try readRestart(top["restart"], heartbeat: top["heartbeat_interval_ms"], reader: reader)
        let environment = try reader.dictionary(top["environment"], at: "environment")
        for key in environment.keys where key.isEmpty || key.contains("=") {
            throw reader.error(.invalidValue, "environment", "`\(key)` is not an environment variable name")
        }
        return PluginManifest(
            name: name,
            enabled: try reader.bool(top["enabled"], at: "enabled", default: true),
            description: try reader.optionalString(top["description"], at: "description") ?? "",
            command: try reader.string(top["command"], at: "command", limit: 4_096),
            arguments: try reader.strings(top["arguments"], at: "arguments", limit: 4_096),
            environment: environment,
            workingDirectory: try reader.optionalString(top["working_directory"], at: "working_directory"),
            displayName: try reader.optionalString(actor["display_name"], at: "actor.display_name"),
            org: org, grants: grants.capabilities, submitOrgs: grants.orgs, restart: restart,
            config: try reader.dictionary(top["config"], at: "config"),
            directory: directory)
    }

    private static func readGrants(
        _ node: Node?, reader: ManifestReader
    ) throws(ManifestError) -> (capabilities: PluginCapabilities, orgs: [String]) {
        let fields = try reader.mapping(node, at: "grants", allowed: [
            "submit_channels", "event_types", "workflows", "commands", "read_contact", "orgs",
        ])
        let channels = try ids(fields["submit_channels"], at: "grants.submit_channels", reader: reader, wildcard: false, dash: true, limit: 32)
        let types = try ids(fields["event_types"], at: "grants.event_types", reader: reader, wildcard: true, dash: false, limit: 64)
        let workflows = try ids(fields["workflows"], at: "grants.workflows", reader: reader, wildcard: true, dash: true, limit: 64)
        let commands = try ids(fields["commands"], at: "grants.commands", reader: reader, wildcard: false, dash: false, limit: 64)
        let orgs = try reader.strings(fields["orgs"], at: "grants.orgs", limit: 64)
        let capabilities = PluginCapabilities(
            submitChannels: channels, eventTypes: types, commands: commands,
            readContact: try reader.bool(fields["read_contact"], at: "grants.read_contact", default: false),
            workflows: workflows)
        return (capabilities, orgs)
    }

    /// A list of ids (at most 64 of them), each checked.
    private static func ids(
        _ node: Node?, at path: String, reader: ManifestReader, wildcard: Bool, dash: Bool, limit: Int
    ) throws(ManifestError) -> [String] {
        let values = try reader.strings(node, at: path, limit: limit)
        let maxValues = 64
        guard values.count <= maxValues else {
            throw reader.error(.invalidValue, path, "has \(values.count) values, over the limit of \(maxValues)")
        }
        for (index, value) in values.enumerated() {
            if wildcard, value == PluginCapabilities.any { continue }
            guard isIdentifier(value, allowingDash: dash) else {
                throw reader.error(
                    .invalidValue, "\(path)[\(index)]",
                    "`\(value)` is not an id (lowercase letters, digits, `_`\(dash ? ", `-`" : "")\(wildcard ? ", or `*` for all" : ""))")
            }
        }
        return values
    }

    private static func readRestart(_ node: Node?, heartbeat: Node?, reader: ManifestReader) throws(ManifestError) -> RestartOverrides {
        let fields = try reader.mapping(node, at: "restart", allowed: [
            "max_failures", "backoff_initial_ms", "backoff_max_ms", "stable_after_ms", "grace_ms",
        ])
        let hour = 3_600_000
        var restart = RestartOverrides(
            maxFailures: try reader.int(fields["max_failures"], at: "restart.max_failures", range: 1...1_000),
            backoffInitial: try reader.milliseconds(fields["backoff_initial_ms"], at: "restart.backoff_initial_ms", range: 1...hour),
            backoffMax: try reader.milliseconds(fields["backoff_max_ms"], at: "restart.backoff_max_ms", range: 1...hour),
            stableAfter: try reader.milliseconds(fields["stable_after_ms"], at: "restart.stable_after_ms", range: 1...(24 * hour)),
            grace: try reader.milliseconds(fields["grace_ms"], at: "restart.grace_ms", range: 0...600_000))
        restart.heartbeatInterval = try reader.milliseconds(heartbeat, at: "heartbeat_interval_ms", range: 10...600_000)
        if let initial = restart.backoffInitial, let max = restart.backoffMax, max < initial {
            throw reader.error(.invalidValue, "restart.backoff_max_ms", "must not be less than restart.backoff_initial_ms")
        }
        return restart
    }

    /// Lowercase ASCII letters, digits and `_` (and `-` when allowed), at most 64 characters.
    static func isIdentifier(_ value: String, allowingDash: Bool) -> Bool {
        !value.isEmpty && value.count <= 64
            && value.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || (allowingDash && $0 == "-")) }
    }
}
