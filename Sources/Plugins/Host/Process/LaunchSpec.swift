import Foundation

/// What to start for a plugin: the resolved program, its arguments, its environment and
/// working directory.
struct LaunchSpec: Sendable, Hashable {
    var name: String
    /// An absolute path.
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var workingDirectory: String?

    /// The daemon's variables a plugin inherits; nothing else of the daemon's environment
    /// (which may hold secrets) is passed on.
    static let inheritedVariables = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"]

    /// Resolves a manifest's command: absolute, relative to the manifest's folder, or on PATH.
    init(manifest: PluginManifest, stateDirectory: URL, parentEnvironment: [String: String]) throws(SpawnError) {
        name = manifest.name
        arguments = manifest.arguments
        let base = manifest.directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let command = manifest.command
        if command.hasPrefix("/") {
            executable = command
        } else if command.contains("/") {
            executable = base.appendingPathComponent(command).standardizedFileURL.path
        } else {
            let path = parentEnvironment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            let found = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(command).path }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
            guard let found else { throw SpawnError("command `\(command)` is not found on PATH (\(path))") }
            executable = found
        }
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SpawnError("command `\(executable)` does not exist or is not executable")
        }
        var environment: [String: String] = [:]
        for key in Self.inheritedVariables { environment[key] = parentEnvironment[key] }
        for (key, value) in manifest.environment { environment[key] = value }
        environment["XINFANG_PLUGIN_NAME"] = manifest.name
        environment["XINFANG_PLUGIN_STATE_DIR"] = stateDirectory.path
        self.environment = environment
        if let directory = manifest.workingDirectory {
            workingDirectory = directory.hasPrefix("/") ? directory : base.appendingPathComponent(directory).standardizedFileURL.path
        } else {
            workingDirectory = manifest.directory?.path
        }
    }
}
