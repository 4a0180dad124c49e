import Foundation
public import GRDB
import GRDBSQLite

/// The derived indexes' file: where it lives, how it is opened, how it is written.
extension SQLiteEventStore {
    /// The derived indexes' file beside the log's `path` (`xinfang.sqlite` ->
    /// `xinfang.index.sqlite`).
    public static func indexPath(forLog path: String) -> String {
        path.hasSuffix(".sqlite") ? String(path.dropLast(".sqlite".count)) + ".index.sqlite" : path + ".index"
    }

    /// Runs `updates` in one transaction of the index file's writer.
    ///
    /// The transaction is DEFERRED: it locks only the file it writes. GRDB begins writes
    /// IMMEDIATE, and SQLite's `BEGIN IMMEDIATE` takes the write lock of every attached
    /// database, the log's included: the writer that acknowledges commands then waited for each
    /// index batch, in SQLite's busy-handler steps (intake stalls of 19, 34 and 54 ms were
    /// measured at 1,000 cases/s). The log is also attached read-only where SQLite allows it.
    ///
    /// A DEFERRED transaction that read before another process wrote the index file cannot
    /// take the write lock (SQLITE_BUSY at once, no busy wait): it is run again, up to
    /// `busyRetries` times. `updates` must therefore be safe to run again after a rollback
    /// (every index write re-reads its cursor first).
    public func writeIndex<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await indexPool.writeWithoutTransaction { db in
                    var result: T?
                    try db.inTransaction(.deferred) {
                        result = try updates(db)
                        return .commit
                    }
                    return result!
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < Self.busyRetries {
                attempt += 1
                try await Task.sleep(for: .milliseconds(10 * attempt))
            }
        }
    }

    /// Times an index transaction is run again after another process wrote the file first.
    static let busyRetries = 20

    /// Opens (creating if needed) the index file and migrates it. Its commits need not be
    /// durable (GRDB's `synchronous=NORMAL` in WAL mode): a power loss may lose the newest
    /// index batches, never make them inconsistent (rows and cursor commit together), and the
    /// indexers redo them.
    static func openIndex(path: String, logPath: String) throws -> DatabasePool {
        var configuration = Configuration()
        let attached = logAttachment(logPath)
        configuration.prepareDatabase { db in
            try db.execute(sql: "ATTACH DATABASE ? AS log", arguments: [attached])
        }
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 8
        let pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.indexMigrator.migrate(pool)
        return pool
    }

    /// What the index file's connections attach as `log`: a read-only URI of the log's file
    /// when this SQLite reads URIs in ATTACH (Debian's is built with SQLITE_USE_URI), else
    /// its plain path (DEFERRED transactions in `writeIndex` still leave the log unlocked).
    static func logAttachment(_ logPath: String) -> String {
        guard sqlite3_compileoption_used("USE_URI") == 1 else { return logPath }
        let absolute = URL(fileURLWithPath: logPath).standardizedFileURL.path
        var escaped = ""
        for character in absolute {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:" + escaped + "?mode=ro"
    }
}
