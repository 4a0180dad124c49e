import ArgumentParser
import Foundation
import GRDB
import WorkflowCore

/// `xinfangd rebuild --data DIR`: rewrites every projection from the event log.
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Rebuild the projections (case list, timers, counters, search and duplicate index) from the events.")

    @OptionGroup var options: DataOptions

    func run() async throws {
        let directory = DataDirectory(path: options.data)
        let store = try directory.openStore()
        let decider = CaseDecider(catalog: try WorkflowSource.load(nil), calendar: try CalendarSupport.calendar())
        let report = try await store.rebuildProjections { decider.evolve($0, $1) }
        // The search index is derived from the log too: emptied and indexed again.
        let indexer = SQLiteSearchIndexer(store: store)
        try await indexer.reset()
        try await indexer.catchUp()
        // So is the duplicate index (keyed with the site's key); detection is not run again.
        let duplicates = SQLiteDuplicateIndexer(
            store: store, handler: CaseCommandHandler(store: store, decider: decider),
            siteKey: try SiteKey.loadOrCreate(directory: directory.url))
        try await duplicates.reset()
        try await duplicates.prepare()
        try await duplicates.catchUp()
        try store.close()
        print("rebuilt projections, the search and the duplicate index of \(report.cases) cases from \(report.events) events")
    }
}

/// `xinfangd backup --data DIR --to FILE`: an online copy with SQLite's backup API, safe while serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Copy the database while the daemon serves.")

    @OptionGroup var options: DataOptions
    @Option(help: "The backup file to write (must not exist).") var to: String

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: to) else { throw ValidationError("\(to) exists; choose a new file") }
        let directory = DataDirectory(path: options.data)
        let store = try directory.openStore()
        let target = try DatabaseQueue(path: to)
        try store.pool.backup(to: target)
        let check = try await target.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        let events = try await target.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
        try target.close()
        try store.close()
        // The site key goes beside the copy: without it a restore must re-key every identity.
        let key = directory.url.appendingPathComponent("site.key")
        if FileManager.default.fileExists(atPath: key.path) {
            try FileManager.default.copyItem(atPath: key.path, toPath: to + ".site.key")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: to + ".site.key")
        }
        print("backed up \(events) events to \(to) (integrity_check: \(check ?? "?")); site key to \(to).site.key")
    }
}

/// `xinfangd export --data DIR [--case XF-…]`: a case's history (or every case's) as JSON lines.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print events as JSON lines (one case, or all in log order).")

    @OptionGroup var options: DataOptions
    @Option(name: .customLong("case"), help: "A case number or id; all cases when absent.") var caseRef: String?

    func run() async throws {
        let store = try DataDirectory(path: options.data).openStore()
        defer { try? store.close() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        func emit(_ recorded: RecordedEvent) throws {
            let line = ExportedEvent(
                position: recorded.position, caseID: recorded.caseID.rawValue, caseNumber: recorded.caseNumber.description,
                version: recorded.version, event: recorded.event)
            FileHandle.standardOutput.write(try encoder.encode(line) + Data("\n".utf8))
        }
        if let caseRef {
            guard let key = try await store.resolve(caseRef) else { throw DaemonError("no case \(caseRef)") }
            for recorded in try await store.events(of: key.caseID) { try emit(recorded) }
            return
        }
        var cursor: Int64 = 0
        while true {
            let batch = try await store.events(after: cursor, limit: 1000)
            guard let last = batch.last else { break }
            for recorded in batch { try emit(recorded) }
            cursor = last.position
        }
    }
}

/// One exported line.
struct ExportedEvent: Encodable {
    var position: Int64
    var caseID: String
    var caseNumber: String
    var version: Int
    var event: CaseEvent

    enum CodingKeys: String, CodingKey {
        case position, caseID = "case_id", caseNumber = "case_number", version, event
    }
}

/// `xinfangd verify --data DIR`: SQLite's integrity check, and projections compared with a
/// rebuild from the events (rolled back). Exits 1 when anything is wrong.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the database's integrity and that projections equal a rebuild.")

    @OptionGroup var options: DataOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let directory = DataDirectory(path: options.data)
        let store = try directory.openStore()
        let decider = CaseDecider(catalog: try WorkflowSource.load(nil), calendar: try CalendarSupport.calendar())
        let report = try await store.verify { decider.evolve($0, $1) }
        try store.close()
        if json {
            CalendarSupport.printJSON([
                "integrity": report.integrity, "differing_tables": report.differingTables, "cases": report.cases,
                "events": report.events, "healthy": report.isHealthy,
            ])
        } else {
            print("integrity_check: \(report.integrity.joined(separator: "; "))")
            print("projections: \(report.differingTables.isEmpty ? "equal to a rebuild" : "differ in \(report.differingTables.joined(separator: ", "))")")
            print("\(report.cases) cases, \(report.events) events")
        }
        if !report.isHealthy { throw ExitCode(1) }
    }
}
