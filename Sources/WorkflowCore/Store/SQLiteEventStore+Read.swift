import Foundation
import GRDB

extension SQLiteEventStore {
    public func events(of caseID: CaseID) async throws -> [RecordedEvent] {
        try await events(of: caseID, afterVersion: 0)
    }

    public func events(of caseID: CaseID, afterVersion version: Int) async throws -> [RecordedEvent] {
        try await pool.read { db in
            guard let key = try Self.caseKey(caseID, db: db) else { return [] }
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT position, version, payload FROM events WHERE case_id = ? AND version > ? ORDER BY version"),
                arguments: [caseID.rawValue, version])
            return try rows.map { row in
                RecordedEvent(
                    position: row["position"], caseID: caseID, caseNumber: key.caseNumber, version: row["version"],
                    event: try StoredCoding.decode(CaseEvent.self, from: row["payload"]))
            }
        }
    }

    public func resolve(_ reference: String) async throws -> CaseKey? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        return try await pool.read { db in
            if let number = CaseNumber(trimmed) {
                guard let id = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT case_id FROM case_keys WHERE case_number = ?"), arguments: [number.description])
                else { return nil }
                return CaseKey(caseID: CaseID(rawValue: id), caseNumber: number)
            }
            return try Self.caseKey(CaseID(rawValue: trimmed), db: db)
        }
    }

    public func events(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT e.position, e.case_id, e.version, e.payload, c.case_number
                FROM events e JOIN case_keys c ON c.case_id = e.case_id
                WHERE e.position > ? ORDER BY e.position LIMIT ?
                """), arguments: [position, limit])
            return try rows.map { row in
                let number = try StoredCoding.caseNumber(row["case_number"])
                return RecordedEvent(
                    position: row["position"], caseID: CaseID(rawValue: row["case_id"]), caseNumber: number,
                    version: row["version"], event: try StoredCoding.decode(CaseEvent.self, from: row["payload"]))
            }
        }
    }

    public func headPosition() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(position), 0) FROM events")) ?? 0 }
    }

    public func caseRow(_ caseID: CaseID) async throws -> CaseRow? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM cases WHERE case_id = ?"), arguments: [caseID.rawValue])
                .map { try Self.caseRow($0, db: db) }
        }
    }

    public func listCases(_ query: CaseListQuery) async throws -> CaseListPage {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        func any(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            clauses.append("\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            arguments.append(contentsOf: values)
        }
        any("state", query.states)
        any("workflow", query.workflows)
        any("channel", query.channels)
        any("org_id", query.orgIDs)
        if let scope = query.visibleToOrgs {
            guard !scope.isEmpty else { return CaseListPage(rows: [], hasMore: false) }
            clauses.append(
                "EXISTS (SELECT 1 FROM case_orgs co WHERE co.case_id = cases.case_id AND co.org_id IN (\(scope.map { _ in "?" }.joined(separator: ","))))")
            arguments.append(contentsOf: scope)
        }
        if !query.handlerID.isEmpty {
            clauses.append("handler_id = ?")
            arguments.append(query.handlerID)
        }
        if let from = query.createdFrom {
            clauses.append("created_ms >= ?")
            arguments.append(StoredCoding.milliseconds(from))
        }
        if let to = query.createdTo {
            clauses.append("created_ms < ?")
            arguments.append(StoredCoding.milliseconds(to))
        }
        if let overdue = query.overdueAt {
            clauses.append("next_deadline_ms IS NOT NULL AND next_deadline_ms <= ?")
            arguments.append(StoredCoding.milliseconds(overdue))
        }
        if let after = query.after {
            clauses.append("(updated_ms, case_id) < (?, ?)")
            arguments.append(StoredCoding.milliseconds(after.updatedAt))
            arguments.append(after.caseID.rawValue)
        }
        let size = min(max(query.pageSize, 1), Limits.maxPageSize)
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT * FROM cases \(whereClause) ORDER BY updated_ms DESC, case_id DESC LIMIT \(size + 1)"
        let statementArguments = StatementArguments(arguments.map { $0.databaseValue })
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { try Self.caseRow($0, db: db) }
        }
        return CaseListPage(rows: Array(rows.prefix(size)), hasMore: rows.count > size)
    }

    static func caseRow(_ row: Row, db: Database) throws -> CaseRow {
        let caseID = CaseID(rawValue: row["case_id"])
        let number = try StoredCoding.caseNumber(row["case_number"])
        let trail = try String.fetchAll(
            db.cachedStatement(sql: "SELECT org_id FROM case_orgs WHERE case_id = ?"), arguments: [caseID.rawValue])
        let deadline: Int64? = row["next_deadline_ms"]
        return CaseRow(
            key: CaseKey(caseID: caseID, caseNumber: number), workflow: row["workflow"], state: row["state"],
            channel: Channel(rawValue: row["channel"]), subject: row["subject"], orgID: row["org_id"], orgTrail: trail,
            handlerID: row["handler_id"], matterClass: row["matter_class"],
            petitioner: try StoredCoding.decode(Petitioner.self, from: row["petitioner"]),
            accusedOrgID: row["accused_org_id"], nextDeadlineAt: deadline.map { StoredCoding.date(milliseconds: $0) },
            supervised: row["supervised"], leaderInCharge: row["leader_in_charge"],
            createdAt: StoredCoding.date(milliseconds: row["created_ms"]),
            updatedAt: StoredCoding.date(milliseconds: row["updated_ms"]), version: row["version"])
    }
}
