import Testing

@testable import xfsh

struct SettingsTests {
    @Test func flagsBeatTheEnvironmentWhichBeatsTheConfigFile() throws {
        let config = try ConfigFile.parse("# xfsh\nserver = 10.0.0.1:7000\ntoken = \"from-file\"\nhistory = /tmp/h\n")
        let environment = ["XFSH_SERVER": "127.0.0.1:7001", "HOME": "/home/op"]
        let fromEnv = try Settings.resolve(flags: .init(), environment: environment, config: config)
        #expect(fromEnv.address.description == "127.0.0.1:7001")
        #expect(fromEnv.token == "from-file")
        #expect(fromEnv.historyPath == "/tmp/h")
        #expect(!fromEnv.tls)
        let fromFlags = try Settings.resolve(
            flags: .init(server: "[::1]:7002", token: "flag"), environment: environment, config: config)
        #expect(fromFlags.address.host == "::1" && fromFlags.token == "flag")
    }

    @Test func badSettingsAreUsageErrors() {
        #expect(throws: UsageError.self) { try ConfigFile.parse("sever = x:1") }
        #expect(throws: UsageError.self) { try ConfigFile.parse("just words") }
        #expect(throws: UsageError.self) { try Settings.resolve(flags: .init(token: "t"), environment: [:], config: ConfigFile()) }
        #expect(throws: UsageError.self) {
            try Settings.resolve(flags: .init(server: "nohost", token: "t"), environment: [:], config: ConfigFile())
        }
        #expect(throws: UsageError.self) {
            try Settings.resolve(flags: .init(server: "h:1", token: "t", caCertificate: "/nonexistent.pem"), environment: [:], config: ConfigFile())
        }
    }

    @Test func tlsComesFromAFlagTheConfigOrACACertificate() throws {
        let config = try ConfigFile.parse("tls = yes")
        #expect(try Settings.resolve(flags: .init(server: "h:1", token: "t"), environment: [:], config: config).tls)
        #expect(throws: UsageError.self) {
            try Settings.resolve(flags: .init(server: "h:1", token: "t"), environment: ["XFSH_TLS": "maybe"], config: ConfigFile())
        }
    }
}
