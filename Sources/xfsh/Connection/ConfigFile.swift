import Foundation

/// `~/.config/xfsh/config` (or `$XFSH_CONFIG`): `key = value` lines, `#` comments.
/// Keys: `server`, `token`, `tls` (true/false), `ca_cert`, `cert` and `key` (mutual TLS), `history`.
struct ConfigFile: Equatable {
    var values: [String: String] = [:]

    /// The file `$XFSH_CONFIG` names, else `$XDG_CONFIG_HOME/xfsh/config`, else `~/.config/xfsh/config`.
    static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["XFSH_CONFIG"], !path.isEmpty { return path }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/xfsh/config" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/xfsh/config"
    }

    /// Reads the file; a missing file is an empty config, a malformed line a usage error.
    static func load(path: String) throws(UsageError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw UsageError("无法读取配置文件 \(path)") }
        defer { try? handle.close() }
        let data = handle.readDataToEndOfFile()
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String = "config") throws(UsageError) -> ConfigFile {
        var config = ConfigFile()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw UsageError("配置文件 \(path) 第\(index + 1)行应为 key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_")
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            guard Self.keys.contains(key) else {
                throw UsageError("配置文件 \(path) 第\(index + 1)行：未知的键 `\(key)`（可用：\(Self.keys.sorted().joined(separator: ", "))）")
            }
            config.values[key] = value
        }
        return config
    }

    static let keys: Set<String> = ["server", "token", "tls", "ca_cert", "cert", "key", "history"]

    subscript(key: String) -> String? { values[key] }
}
