import Foundation

/// `--name value` options and `--flag` flags.
struct FixtureOptions {
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: ArraySlice<String>) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            let next = arguments.index(after: index)
            if next < arguments.endIndex, !arguments[next].hasPrefix("--") {
                values[argument] = arguments[next]
                index = arguments.index(after: next)
            } else {
                flags.insert(argument)
                index = next
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func list(_ name: String) -> [String] { values[name]?.split(separator: ",").map(String.init) ?? [] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The name to say in Hello: `--name`, else the one the host passes.
    var name: String { values["--name"] ?? ProcessInfo.processInfo.environment["XINFANG_PLUGIN_NAME"] ?? "fixture" }
}

/// Files in the plugin's state folder, appended and synced line by line.
struct FixtureState: Sendable {
    let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["XINFANG_PLUGIN_STATE_DIR"] ?? FileManager.default.currentDirectoryPath)

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) }

    func touch(_ name: String) { append(name, "") }

    func append(_ name: String, _ line: String) {
        let path = folder.appendingPathComponent(name).path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        if !line.isEmpty {
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
        fsync(descriptor)
    }
}
