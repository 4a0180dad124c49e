import Foundation
import Logging
import Plugins
import Testing
import WorkflowCore

/// A data directory with a real store and outbox, the bundled workflows plus a small one a
/// plugin may act on, and helpers to run a `PluginHost` over real plugin processes.
final class PluginWorld: Sendable {
    let root: URL
    let dataDirectory: URL
    let store: SQLiteEventStore
    let outbox: SQLiteOutbox
    let handler: CaseCommandHandler

    static let org = "org-a"

    /// A host configuration with every timing short, for tests (no test asserts on timings).
    static var fastConfiguration: PluginHostConfiguration {
        var configuration = PluginHostConfiguration()
        configuration.heartbeatInterval = .milliseconds(200)
        configuration.handshakeTimeout = .seconds(10)
        configuration.grace = .milliseconds(500)
        configuration.backoffInitial = .milliseconds(50)
        configuration.backoffMax = .milliseconds(200)
        configuration.maxFailures = 3
        configuration.stableAfter = .seconds(3600)
        configuration.redeliveryPoll = .milliseconds(200)
        configuration.statusRefresh = .milliseconds(200)
        return configuration
    }

    init(root: URL? = nil) throws {
        let root = root ?? FileManager.default.temporaryDirectory.appendingPathComponent("xinfang-plugins-\(UUID().uuidString)")
        self.root = root
        dataDirectory = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        store = try SQLiteEventStore(dataDirectory: dataDirectory)
        outbox = SQLiteOutbox(store: store, configuration: .init(redeliveryTimeout: .seconds(2)))
        var workflows = Array(try WorkflowLoader.loadBundled().workflows.values)
        workflows.append(Self.surveyWorkflow)
        let decider = CaseDecider(catalog: WorkflowCatalog(workflows), calendar: try WorkingCalendar.bundled())
        handler = CaseCommandHandler(store: store, decider: decider)
    }

    /// The same data directory opened again: a daemon restart.
    func reopened() throws -> PluginWorld {
        try store.close()
        return try PluginWorld(root: root)
    }

    func close() {
        try? store.close()
        try? FileManager.default.removeItem(at: root)
    }

    /// A workflow with a command only a plugin may fire (the survey plugin's 回访).
    static let surveyWorkflow = WorkflowDefinition(
        id: "survey_mini", label: "回访测试", version: "1", source: "test", initialState: "open",
        states: [WorkflowState(id: "open", label: "待回访"), WorkflowState(id: "done", label: "已回访", terminal: true)],
        transitions: [
            WorkflowTransition(
                command: "record_survey", label: "记录回访", from: ["open"], to: "done", roles: [.plugin],
                emits: "survey_recorded", emitsLabel: "已回访")
        ],
        deadlines: [])

    // MARK: - Plugins

    /// A manifest starting the fixture plugin in `mode` with `arguments`.
    func fixture(
        _ name: String, _ arguments: [String], grants: PluginCapabilities = PluginCapabilities(),
        restart: RestartOverrides = RestartOverrides()
    ) -> PluginManifest {
        PluginManifest(
            name: name, command: Binaries.path("PluginFixture"), arguments: arguments,
            environment: ["SWIFT_BACKTRACE": "enable=no"], org: Self.org, grants: grants, restart: restart)
    }

    func host(_ manifests: [PluginManifest], configuration: PluginHostConfiguration = fastConfiguration) -> PluginHost {
        PluginHost(
            manifests: manifests, dataDirectory: dataDirectory, handler: handler, outbox: outbox,
            configuration: configuration, logger: Self.logger)
    }

    /// Runs `host` while `body` runs, then stops it (and so every plugin process).
    func running<T: Sendable>(_ host: PluginHost, _ body: @Sendable (PluginHost) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await host.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(host)
        }
    }

    /// A file in a plugin's state folder, as lines.
    func lines(_ file: String, plugin: String) -> [String] {
        let url = dataDirectory.appendingPathComponent("plugins").appendingPathComponent(plugin).appendingPathComponent(file)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// Every case in the store.
    func cases() async throws -> [CaseRow] {
        var query = CaseListQuery()
        query.pageSize = Limits.maxPageSize
        return try await store.listCases(query).rows
    }

    /// Registers a case as an operator (not through a plugin).
    @discardableResult
    func registerCase(_ key: String, workflow: String = "xinfang") async throws -> RegisterOutcome {
        let registration = Registration(
            idempotencyKey: key, channel: .visit, workflow: workflow, subject: "噪音扰民", content: "夜间施工噪音",
            petitioner: Petitioner(name: "王大顺", phone: "13512342659"), orgID: Self.org, receivedAt: Date())
        return try await handler.register(registration, actor: Self.operator, now: Date())
    }

    func addNote(_ caseID: CaseID, _ text: String = "补充材料") async throws {
        _ = try await handler.handle(.addNote(text: text), caseID: caseID, actor: Self.operator, now: Date())
    }

    static let `operator` = Actor(id: "u1", displayName: "张三", role: .receptionist, orgID: org)

    static let logger: Logger = {
        var logger = Logger(label: "plugins-test")
        logger.logLevel = ProcessInfo.processInfo.environment["XINFANG_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }()
}

/// Waits until `condition` holds, checking every 50 ms; fails the test after `limit`
/// (generous: it bounds a hang, it does not measure anything).
func eventually(
    _ what: String, limit: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
    throw WaitError(what: what)
}

struct WaitError: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting until \(what)" }
}

/// Where the built executables are: beside the test bundle (.build/debug), or XINFANG_BIN_DIR.
enum Binaries {
    static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["XINFANG_BIN_DIR"] {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("PluginFixture").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}
