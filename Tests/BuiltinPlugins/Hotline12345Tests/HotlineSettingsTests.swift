import Foundation
import Testing

@testable import Hotline12345Plugin

/// The manifest `config` the plugin reads, and the errors naming the key.
struct HotlineSettingsTests {
    let base = ["listen": "127.0.0.1:0", "callback_url": "http://127.0.0.1:9/callbacks", "secret": "0123456789abcdef"]

    @Test func defaultsAndValues() throws {
        let settings = try HotlineSettings(config: base)
        #expect(settings.listenHost == "127.0.0.1" && settings.listenPort == 0)
        #expect(settings.retryInitial == .seconds(1) && settings.retryMax == .seconds(300))
        let fromFile = try HotlineSettings(config: ["callback_url": "https://p.example/cb", "secret_file": "/x"]) { _ in Data("file-secret-0123456789\n".utf8) }
        #expect(fromFile.secret == Array("file-secret-0123456789".utf8))
    }

    @Test(arguments: [
        ("listen", "nowhere", "listen"), ("callback_url", "ftp://x/y", "callback_url"), ("secret", "short", "secret"),
        ("retry_initial_ms", "0", "retry_initial_ms"), ("retry_max_ms", "10", "retry_max_ms"),
    ])
    func badValuesNameTheirKey(key: String, value: String, named: String) {
        var config = base
        config[key] = value
        #expect { try HotlineSettings(config: config) } throws: { ($0 as? SettingsError)?.key == named }
    }

    /// The host refuses a Hello asking for more than the manifest grants: the shipped
    /// manifest must grant exactly the events the plugin asks for.
    @Test func theShippedManifestGrantsTheEventsThePluginAsksFor() throws {
        let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("plugins/hotline12345/manifest.yaml")
        let lines = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "event_types:" })
        let granted = lines[(start + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(2).trimmingCharacters(in: .whitespaces) }
        #expect(Set(granted) == Set(StatusCallback.eventTypes))
        #expect(lines.contains("enabled: false"), "shipped disabled")
    }
}
