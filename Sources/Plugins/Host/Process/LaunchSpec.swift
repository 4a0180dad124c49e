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

    /// The folder of the running program (xinfangd), where the built-in plugins are installed
    /// beside it: a bare command name is looked up there before PATH.
    static let programDirectory: URL? = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()

    /// Resolves a manifest's command: absolute, relative to the manifest's folder, or a bare
    /// name beside the daemon's own binary or else on PATH.
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
            let folders = (Self.programDirectory.map { [$0.path] } ?? []) + path.split(separator: ":").map(String.init)
            let found = folders.map { URL(fileURLWithPath: $0).appendingPathComponent(command).path }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
            guard let found else {
                throw SpawnError("command `\(command)` is found neither beside xinfangd nor on PATH (\(path))")
            }
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
