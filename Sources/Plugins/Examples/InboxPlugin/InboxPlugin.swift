// inbox: an example xinfang plugin written with PluginKit (docs/plugins.md walks through it).
//
// It registers the letters dropped as JSON files into a folder, and logs what happens to the
// cases it is subscribed to. Each file is one letter:
//
//   {"subject": "噪音扰民", "content": "……", "petitioner": {"name": "王大顺", "phone": "135…"},
//    "attributes": {"mailbag": "2026-11-20"}}
//
// Its file name (without `.json`) is the idempotency key, so a letter submitted just before a
// crash is not registered twice when the plugin starts again. A registered letter moves to
// `done/`, a refused one to `rejected/` with the host's reason beside it.
//
// Manifest `config`: `folder` (default: STATE_DIR/inbox), `channel` (default `letter`),
// `poll_ms` (default 2000).
import Foundation
import PluginKit

@main
struct InboxPlugin {
    static func main() async throws {
        let asking = Capabilities.with {
            $0.submitChannels = [ProcessInfo.processInfo.environment["INBOX_CHANNEL"] ?? "letter"]
            $0.eventTypes = ["registered", "closed"]
        }
        let name = ProcessInfo.processInfo.environment["XINFANG_PLUGIN_NAME"] ?? "inbox"
        do {
            try await Plugin.run(name: name, version: "1.0.0", requesting: asking) { plugin in
                let inbox = Inbox(plugin: plugin)
                try inbox.prepare()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await inbox.pollForever() }
                    // The events end when the host asks the plugin to shut down.
                    for try await delivery in plugin.events {
                        plugin.log(.info, "case \(delivery.event.caseNumber): \(delivery.event.label)", metadata: ["type": delivery.event.type])
                        try plugin.ack(delivery)
                    }
                    group.cancelAll()
                }
            }
        } catch let error as PluginKitError where error.code == .refused {
            FileHandle.standardError.write(Data("inbox: the host refused the handshake: \(error.message)\n".utf8))
            exit(2)
        }
    }
}

/// The folder of letters and what to do with each.
struct Inbox: Sendable {
    let plugin: Plugin
    let folder: URL
    let channel: String
    let poll: Duration

    init(plugin: Plugin) {
        self.plugin = plugin
        let settings = plugin.settings
        folder = URL(fileURLWithPath: settings.config["folder"] ?? (settings.stateDirectory + "/inbox"), isDirectory: true)
        channel = settings.granted.submitChannels.first ?? "letter"
        poll = .milliseconds(Int(settings.config["poll_ms"] ?? "") ?? 2_000)
    }

    func prepare() throws {
        for sub in ["", "done", "rejected"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
    }

    func pollForever() async throws {
        while !Task.isCancelled {
            try await submitWaitingLetters()
            try await Task.sleep(for: poll)
        }
    }

    func submitWaitingLetters() async throws {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        for file in files {
            try await submit(file)
        }
    }

    private func submit(_ file: URL) async throws {
        let key = file.deletingPathExtension().lastPathComponent
        let submission: Submission
        do {
            submission = try Letter.read(file).submission(key: "inbox:\(key)", channel: channel)
        } catch {
            try reject(file, reason: "not a letter: \(error)")
            return
        }
        do {
            let answer = try await plugin.submit(submission)
            plugin.log(.info, "\(key): case \(answer.caseNumber)\(answer.created ? "" : " (registered before)")")
            try move(file, to: "done")
        } catch let error as PluginKitError where error.code == .host && error.hostCode != "internal" {
            try reject(file, reason: error.description)
        }
        // Anything else (the host went away, an internal error) leaves the file for next time.
    }

    private func reject(_ file: URL, reason: String) throws {
        plugin.log(.warning, "\(file.lastPathComponent) rejected", metadata: ["reason": reason])
        let target = folder.appendingPathComponent("rejected")
        try Data((reason + "\n").utf8).write(to: target.appendingPathComponent(file.lastPathComponent + ".error.txt"))
        try move(file, to: "rejected")
    }

    private func move(_ file: URL, to sub: String) throws {
        let target = folder.appendingPathComponent(sub).appendingPathComponent(file.lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: file, to: target)
    }
}

/// One letter file.
struct Letter: Decodable {
    struct Person: Decodable {
        var name: String
        var phone: String?
        var address: String?
    }

    var subject: String
    var content: String
    var petitioner: Person
    var attributes: [String: String]?

    static func read(_ file: URL) throws -> Letter {
        try JSONDecoder().decode(Letter.self, from: Data(contentsOf: file))
    }

    func submission(key: String, channel: String) -> Submission {
        Submission.with {
            $0.idempotencyKey = key
            $0.channel = channel
            $0.subject = subject
            $0.content = content
            $0.petitioner.name = petitioner.name
            $0.petitioner.phone = petitioner.phone ?? ""
            $0.petitioner.address = petitioner.address ?? ""
            $0.attributes = (attributes ?? [:]).sorted { $0.key < $1.key }.map { name, value in
                .with { $0.name = name; $0.value = value }
            }
        }
    }
}
