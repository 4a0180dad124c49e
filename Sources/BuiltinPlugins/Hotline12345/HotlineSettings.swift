import Foundation

/// The plugin's settings, read from the manifest's `config` (docs/hotline12345.md lists them).
struct HotlineSettings: Sendable, Equatable {
    /// Where the push endpoint listens; port 0 picks a free port (see ``EndpointFile``).
    var listenHost: String
    var listenPort: Int
    /// Where status callbacks go (the platform's receiver).
    var callbackURL: String
    /// The shared secret both sides sign with.
    var secret: [UInt8]
    /// Callback retry delays: the first, and the longest after doubling.
    var retryInitial: Duration
    var retryMax: Duration
    /// How long one callback request may take before it counts as failed.
    var callbackTimeout: Duration
    /// The org cases are registered at; empty: the manifest's `actor.org`.
    var orgID: String

    /// Limits of the settings themselves.
    enum Limits {
        static let minimumSecretBytes = 16
        static let retryMilliseconds = 10...3_600_000
        static let timeoutMilliseconds = 100...600_000
    }

    /// Reads the settings; `readFile` reads `secret_file` (injected so tests need no files).
    init(config: [String: String], readFile: (String) throws -> Data = { try Data(contentsOf: URL(fileURLWithPath: $0)) }) throws(SettingsError) {
        let listen = config["listen"] ?? "127.0.0.1:0"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port),
            colon > listen.startIndex
        else {
            throw SettingsError(key: "listen", problem: "must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:7412")
        }
        // `[::1]:7412` names an IPv6 host; the brackets are not part of it.
        listenHost = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        listenPort = port

        guard let url = config["callback_url"], let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw SettingsError(key: "callback_url", problem: "must be an http or https URL, e.g. http://12345.example.gov.cn/callbacks")
        }
        callbackURL = url

        let secretText: String
        if let file = config["secret_file"], !file.isEmpty {
            do {
                secretText = String(decoding: try readFile(file), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw SettingsError(key: "secret_file", problem: "cannot be read (\(error))")
            }
        } else {
            secretText = config["secret"] ?? ""
        }
        guard secretText.utf8.count >= Limits.minimumSecretBytes else {
            throw SettingsError(key: "secret", problem: "is required: at least \(Limits.minimumSecretBytes) bytes (or secret_file naming a file holding it)")
        }
        secret = Array(secretText.utf8)

        retryInitial = .milliseconds(try Self.integer(config, "retry_initial_ms", default: 1_000, in: Limits.retryMilliseconds))
        retryMax = .milliseconds(try Self.integer(config, "retry_max_ms", default: 300_000, in: Limits.retryMilliseconds))
        guard retryMax >= retryInitial else {
            throw SettingsError(key: "retry_max_ms", problem: "must be at least retry_initial_ms")
        }
        callbackTimeout = .milliseconds(try Self.integer(config, "callback_timeout_ms", default: 10_000, in: Limits.timeoutMilliseconds))
        orgID = config["org"] ?? ""
    }

    private static func integer(_ config: [String: String], _ key: String, default value: Int, in range: ClosedRange<Int>) throws(SettingsError) -> Int {
        guard let text = config[key] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw SettingsError(key: key, problem: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// A manifest `config` value the plugin cannot use; the message names the key.
struct SettingsError: Error, CustomStringConvertible, Equatable {
    var key: String
    var problem: String
    var description: String { "config.\(key) \(problem)" }
}
