import Foundation
import GRDB

/// Writes every projection of a case in the transaction that appends its events: the case
/// list and org trail, the pending timers, the statistics counters. `xinfangd rebuild` runs
/// the same code over the whole log, so a rebuild gives the same tables.
struct Projector {
    let utcOffsetSeconds: Int

    /// - Parameters:
    ///   - state: the case after `events`.
    ///   - events: the events being recorded (all of them, in a rebuild).
    ///   - eventOrgs: the responsible org right after each event.
    ///   - encoded: what the live path computed outside the writer (JSON); a rebuild passes
    ///     nil and everything is computed here.
    func apply(
        _ state: CaseState, key: CaseKey, events: [CaseEvent], eventOrgs: [String], encoded: Encoded? = nil, db: Database
    ) throws {
        let registers = events.contains { if case .registered = $0.payload { true } else { false } }
        // The org trail grows only by registration and transitions (`target_org`).
        let moves = registers || events.contains { if case .transitioned = $0.payload { true } else { false } }
        try CaseListProjection.write(state, key: key, new: registers, trail: moves, petitionerJSON: encoded?.petitioner, db: db)
        // Deadline clocks change only by `deadline` events (and start with the registration).
        if registers || events.contains(where: { if case .deadline = $0.payload { true } else { false } }) {
            try TimerProjection.write(state, caseID: key.caseID, replacing: !registers, db: db)
        }
        try CounterProjection(utcOffsetSeconds: utcOffsetSeconds).count(events, orgs: eventOrgs, db: db)
        try OutboxProjection.write(state, caseID: key.caseID, eventCount: events.count, db: db)
    }

    /// Every table `apply` writes, for a rebuild to clear first.
    static let tables = ["cases", "case_orgs", "timers", "event_counters"]
}

/// The case list (`cases`) and the orgs each case has been with (`case_orgs`, for scoping).
enum CaseListProjection {
    /// - Parameter new: the case is not in the table yet (its registration is among the
    ///   events): an insert; otherwise an update of the row, which leaves its key and the
    ///   unique case-number index alone (a replace would delete and re-insert every index entry).
    ///   `trail`: the org trail may have grown (its rows are written only then).
    static func write(_ state: CaseState, key: CaseKey, new: Bool, trail: Bool = true, petitionerJSON: String? = nil, db: Database) throws {
        let nextDeadline = state.deadlines.values.filter { $0.status == .running }.map(\.dueAt).min().map(StoredCoding.milliseconds)
        if new {
            try db.cachedStatement(sql: """
                INSERT INTO cases (
                    workflow, state, channel, subject, org_id, handler_id, matter_class, petitioner, accused_org_id,
                    next_deadline_ms, supervised, leader_in_charge, created_ms, updated_ms, version, case_id, case_number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    state.workflow, state.state, state.registration.channel.rawValue, state.registration.subject, state.orgID,
                    state.handlerID, state.matterClass, try petitionerJSON ?? StoredCoding.json(state.registration.petitioner),
                    state.registration.accused.orgID, nextDeadline, state.supervised, state.leaderInCharge,
                    StoredCoding.milliseconds(state.createdAt), StoredCoding.milliseconds(state.updatedAt), state.version,
                    key.caseID.rawValue, key.caseNumber.description,
                ])
        } else {
            // What the registration fixed (channel, subject, petitioner, accused, creation) stays as inserted.
            try db.cachedStatement(sql: """
                UPDATE cases SET
                    workflow = ?, state = ?, org_id = ?, handler_id = ?, matter_class = ?, next_deadline_ms = ?,
                    supervised = ?, leader_in_charge = ?, updated_ms = ?, version = ?
                WHERE case_id = ?
                """).execute(arguments: [
                    state.workflow, state.state, state.orgID, state.handlerID, state.matterClass, nextDeadline, state.supervised,
                    state.leaderInCharge, StoredCoding.milliseconds(state.updatedAt), state.version, key.caseID.rawValue,
                ])
            guard db.changesCount == 1 else { throw StoreError(.corrupt, "case \(key.caseNumber) is missing from the case list") }
        }
        for org in state.orgTrail where trail && !org.isEmpty {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO case_orgs (case_id, org_id) VALUES (?, ?)")
                .execute(arguments: [key.caseID.rawValue, org])
        }
    }
}

/// Pending timers: a warning row for a running deadline not yet warned, a breach row for
/// every running deadline. Rewritten for the case on each change.
enum TimerProjection {
    /// - Parameter replacing: the case may have timer rows already (false for a new case).
    static func write(_ state: CaseState, caseID: CaseID, replacing: Bool = true, db: Database) throws {
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM timers WHERE case_id = ?").execute(arguments: [caseID.rawValue])
        }
        for clock in state.deadlines.values where clock.status == .running {
            if let warnAt = clock.warnAt, !clock.warned {
                try insert(caseID, clock.id, TimerKind.warning, warnAt, db)
            }
            try insert(caseID, clock.id, TimerKind.breach, clock.dueAt, db)
        }
    }

    private static func insert(_ caseID: CaseID, _ deadline: String, _ kind: TimerKind, _ due: Date, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO timers (case_id, deadline_id, kind, due_ms) VALUES (?, ?, ?, ?)")
            .execute(arguments: [caseID.rawValue, deadline, kind.rawValue, StoredCoding.milliseconds(due)])
    }
}

/// Statistics counters: each event counted once, at the org responsible right after it,
/// on the civil day it happened (site time). Events carrying an outcome field (satisfaction,
/// rating, decision) are also counted under `type#field=value`, so rates such as
/// satisfaction come straight from counted events.
struct CounterProjection {
    let utcOffsetSeconds: Int

    /// Transition fields whose values are counted separately.
    static let outcomeFields = ["satisfaction", "rating", "decision"]

    func count(_ events: [CaseEvent], orgs: [String], db: Database) throws {
        precondition(events.count == orgs.count, "one org per event")
        for (event, org) in zip(events, orgs) {
            let day = CivilDate(instant: event.at, utcOffsetSeconds: utcOffsetSeconds).description
            for key in Self.keys(of: event) {
                try db.cachedStatement(sql: """
                    INSERT INTO event_counters (org_id, day, event_type, count) VALUES (?, ?, ?, 1)
                    ON CONFLICT (org_id, day, event_type) DO UPDATE SET count = count + 1
                    """).execute(arguments: [org, day, key])
            }
        }
    }

    static func keys(of event: CaseEvent) -> [String] {
        var keys = [event.type]
        if case .transitioned(let record) = event.payload {
            for field in outcomeFields {
                if let value = record.fields[field: field] { keys.append("\(event.type)#\(field)=\(value)") }
            }
        }
        return keys
    }
}
