import Foundation

/// Where and how to connect, from flags, then the environment, then the config file.
struct Settings: Equatable {
    var address: ServerAddress
    var token: String
    var tls: Bool
    var caCertificate: String?
    /// The client's certificate and key, for servers that require one (mutual TLS).
    var clientCertificate: String? = nil
    var clientKey: String? = nil
    var historyPath: String

    /// What the command line said; nil where it said nothing.
    struct Flags {
        var server: String?
        var token: String?
        var tls = false
        var caCertificate: String?
        var clientCertificate: String?
        var clientKey: String?
    }

    static func resolve(flags: Flags, environment: [String: String], config: ConfigFile) throws(UsageError) -> Settings {
        guard let serverText = flags.server ?? environment["XFSH_SERVER"] ?? config["server"] else {
            throw UsageError("需要 --server HOST:PORT、环境变量 XFSH_SERVER 或配置文件中的 server")
        }
        guard let address = ServerAddress(serverText) else {
            throw UsageError("服务器地址应为 HOST:PORT，而不是 `\(serverText)`")
        }
        guard let token = flags.token ?? environment["XFSH_TOKEN"] ?? config["token"], !token.isEmpty else {
            throw UsageError("需要 --token、环境变量 XFSH_TOKEN 或配置文件中的 token")
        }
        let caCertificate = flags.caCertificate ?? environment["XFSH_CA_CERT"] ?? config["ca_cert"]
        var tls = flags.tls || caCertificate != nil
        for text in [environment["XFSH_TLS"], config["tls"]].compactMap({ $0 }) where !tls {
            guard let value = Self.boolean(text) else { throw UsageError("tls 应为 true 或 false，而不是 `\(text)`") }
            tls = value
        }
        let clientCertificate = flags.clientCertificate ?? environment["XFSH_CERT"] ?? config["cert"]
        let clientKey = flags.clientKey ?? environment["XFSH_KEY"] ?? config["key"]
        guard (clientCertificate == nil) == (clientKey == nil) else { throw UsageError("客户端证书与私钥需同时给出（--cert 与 --key）") }
        if clientCertificate != nil { tls = true }
        for (label, path) in [("CA 证书", caCertificate), ("客户端证书", clientCertificate), ("客户端私钥", clientKey)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) { throw UsageError("无法读取\(label) \(path)") }
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let history = environment["XFSH_HISTORY"] ?? config["history"] ?? home + "/.xfsh_history"
        return Settings(
            address: address, token: token, tls: tls, caCertificate: caCertificate, clientCertificate: clientCertificate,
            clientKey: clientKey, historyPath: history)
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: return nil
        }
    }
}
