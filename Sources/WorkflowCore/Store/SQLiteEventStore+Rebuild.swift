import Foundation
import GRDB

extension SQLiteEventStore {
    /// What a rebuild did.
    public struct RebuildReport: Sendable {
        public var cases: Int
        public var events: Int
    }

    /// Clears every projection and writes it again from the event log, in one transaction,
    /// with the same `Projector` the appending transactions use: a rebuild gives the same tables.
    /// `evolve` is the engine's fold (`CaseDecider.evolve`).
    public func rebuildProjections(evolve: @escaping @Sendable (CaseState?, CaseEvent) -> CaseState?) async throws -> RebuildReport {
        let projector = Projector(utcOffsetSeconds: utcOffsetSeconds)
        return try await pool.write { db in try Self.rebuild(db, projector: projector, evolve: evolve) }
    }

    /// Checks the database: SQLite's integrity check, and whether the projections equal a
    /// rebuild from the events (the rebuild is rolled back; nothing changes).
    public func verify(evolve: @escaping @Sendable (CaseState?, CaseEvent) -> CaseState?) async throws -> VerifyReport {
        let projector = Projector(utcOffsetSeconds: utcOffsetSeconds)
        return try await pool.writeWithoutTransaction { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            var report = VerifyReport(integrity: integrity, differingTables: [], cases: 0, events: 0)
            try db.inTransaction {
                let before = try Self.snapshot(db)
                let rebuilt = try Self.rebuild(db, projector: projector, evolve: evolve)
                let after = try Self.snapshot(db)
                report.cases = rebuilt.cases
                report.events = rebuilt.events
                report.differingTables = Projector.tables.filter { before[$0] != after[$0] }
                return .rollback
            }
            return report
        }
    }

    /// What `verify` found.
    public struct VerifyReport: Sendable {
        /// `["ok"]` when SQLite finds nothing wrong.
        public var integrity: [String]
        /// Projection tables that differ from a rebuild (empty when all agree).
        public var differingTables: [String]
        public var cases: Int
        public var events: Int
        public var isHealthy: Bool { integrity == ["ok"] && differingTables.isEmpty }
    }

    private static func rebuild(
        _ db: Database, projector: Projector, evolve: (CaseState?, CaseEvent) -> CaseState?
    ) throws -> RebuildReport {
        for table in Projector.tables { try db.execute(sql: "DELETE FROM \(table)") }
        var report = RebuildReport(cases: 0, events: 0)
        var current: (key: CaseKey, state: CaseState?, events: [CaseEvent], orgs: [String])?
        func flush() throws {
            guard let open = current else { return }
            guard let state = open.state else { throw StoreError(.corrupt, "case \(open.key.caseNumber) does not fold") }
            try projector.apply(state, key: open.key, events: open.events, eventOrgs: open.orgs, db: db)
            report.cases += 1
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.case_id, e.payload, k.case_number FROM events e JOIN case_keys k ON k.case_id = e.case_id
            ORDER BY e.case_id, e.version
            """)
        while let row = try rows.next() {
            let caseID = CaseID(rawValue: row["case_id"])
            let event = try StoredCoding.decode(CaseEvent.self, from: row["payload"])
            if current?.key.caseID != caseID {
                try flush()
                let number = try StoredCoding.caseNumber(row["case_number"])
                current = (CaseKey(caseID: caseID, caseNumber: number), nil, [], [])
            }
            current!.state = evolve(current!.state, event)
            current!.events.append(event)
            current!.orgs.append(current!.state?.orgID ?? "")
            report.events += 1
        }
        try flush()
        return report
    }

    private static func snapshot(_ db: Database) throws -> [String: [String]] {
        var snapshot: [String: [String]] = [:]
        for table in Projector.tables {
            snapshot[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map(\.description).sorted()
        }
        return snapshot
    }

    /// Every projection table's rows, in a stable order (for comparing a store with its rebuild).
    public func projectionSnapshot() async throws -> [String: [String]] {
        try await pool.read { db in try Self.snapshot(db) }
    }
}
