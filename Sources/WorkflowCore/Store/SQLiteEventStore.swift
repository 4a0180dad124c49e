public import Foundation
public import GRDB

/// The embedded store: SQLite in WAL mode through GRDB, one group-committing writer,
/// many readers. Every acknowledged write has been committed with `synchronous=FULL`.
///
/// Two files: the log's (events, case numbers, projections, directory, outbox: the records)
/// and the derived indexes' (search, duplicate detection), each with its own writer, so an
/// indexer's transaction never holds up one that acknowledges a command. The index file can
/// be deleted and is rebuilt from the log.
public final class SQLiteEventStore: EventStore, Sendable {
    /// The database file inside a data directory.
    public static let fileName = "xinfang.sqlite"
    /// Most writes one transaction takes.
    public static let maxBatch = 512

    /// The log's file: every record.
    public let pool: DatabasePool
    /// The derived indexes' file, with the log's attached read-only as `log`. Write to it
    /// through `writeIndex`, never `indexPool.write` (see there).
    public let indexPool: DatabasePool
    /// The site's offset from UTC, for the civil days statistics are counted on.
    public let utcOffsetSeconds: Int
    let notifier = HeadNotifier()
    private let writer: GroupCommit<Database, WriteWork, WriteOutcome>

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String, utcOffsetSeconds: Int = 8 * 3600) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 8
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Durability is set on the writer once the pool is open: GRDB's pool sets
        // `synchronous = NORMAL` when it turns WAL on, after `prepareDatabase` ran, and with
        // NORMAL a commit is synced only at checkpoints (a power loss could take acknowledged
        // writes). `synchronous` is per connection; the writer is the only one that commits.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try SQLiteSchema.migrator.migrate(pool)
        self.pool = pool
        indexPool = try Self.openIndex(path: Self.indexPath(forLog: path), logPath: path)
        self.utcOffsetSeconds = utcOffsetSeconds
        let notifier = self.notifier
        self.writer = GroupCommit(
            maxBatch: Self.maxBatch,
            access: { body in pool.asyncWriteWithoutTransaction(body) },
            batch: { works, db in SQLiteEventStore.commit(works, db: db, notifier: notifier, utcOffsetSeconds: utcOffsetSeconds) })
    }

    /// Opens the store of a data directory.
    public convenience init(dataDirectory: URL) throws {
        try self.init(path: dataDirectory.appendingPathComponent(Self.fileName).path)
    }

    public func register(_ request: RegisterRequest) async throws -> RegisterOutcome {
        // Encoding happens here, in the caller's task, so the single writer only binds values.
        let work = WriteWork.register(
            request, Encoded(events: try request.events.map(StoredCoding.json), petitioner: try StoredCoding.json(request.state.registration.petitioner)))
        guard case .registered(let outcome) = try await writer.submit(work) else {
            preconditionFailure("register answered with another outcome")
        }
        return outcome
    }

    public func append(_ request: AppendRequest) async throws -> [RecordedEvent] {
        let work = WriteWork.append(request, Encoded(events: try request.events.map(StoredCoding.json)))
        guard case .appended(let events) = try await writer.submit(work) else {
            preconditionFailure("append answered with another outcome")
        }
        return events
    }

    /// Write transactions run and writes they carried since the store opened.
    public var writerStatistics: (transactions: Int, writes: Int) {
        let (batches, items) = writer.statistics
        return (batches, items)
    }

    /// Waits until the log's head passes `position` or the task is cancelled; returns the head.
    public func waitForHead(after position: Int64) async -> Int64 {
        await notifier.wait(after: position)
    }

    /// Closes the database (after the last write).
    public func close() throws {
        notifier.finish()
        try indexPool.close()
        try pool.close()
    }
}

enum WriteWork: Sendable {
    case register(RegisterRequest, Encoded)
    case append(AppendRequest, Encoded)
}

/// What a write needs computed, done in the caller's task before it reaches the single
/// writer, so the writer only binds values.
struct Encoded: Sendable {
    /// Each event's stored JSON, in order.
    var events: [String]
    /// The petitioner as the case list stores it (registrations only: it never changes after).
    var petitioner: String?
}

enum WriteOutcome: Sendable {
    case registered(RegisterOutcome)
    case appended([RecordedEvent])
}
