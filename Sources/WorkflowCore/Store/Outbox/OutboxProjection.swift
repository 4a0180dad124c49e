import GRDB

/// Queues a case's new events for every subscriber whose filter matches, inside the
/// transaction that appends them (called by the `Projector`).
///
/// Idempotent, so a rebuild that runs the projector over the whole log changes nothing here:
/// an event at or before a subscriber's `since_position` was never its business, one at or
/// before `pruned_through` was acknowledged and pruned, and `INSERT OR IGNORE` leaves rows
/// still present (acknowledged or not) as they are.
enum OutboxProjection {
    static let sql = """
        INSERT OR IGNORE INTO outbox (subscriber, position, case_id, workflow)
        SELECT s.name, e.position, e.case_id, ?3
        FROM subscribers s JOIN events e
            ON e.case_id = ?1 AND e.version > ?2
            AND e.position > s.since_position AND e.position > s.pruned_through
        WHERE (s.all_workflows OR EXISTS (SELECT 1 FROM json_each(s.workflows) w WHERE w.value = ?3))
            AND (s.all_types OR EXISTS (SELECT 1 FROM json_each(s.event_types) t WHERE t.value = e.type))
        """

    /// - Parameters:
    ///   - state: the case after `eventCount` new events (its version is the last one's).
    ///   - eventCount: how many events the transaction appends (all of them, in a rebuild).
    static func write(_ state: CaseState, caseID: CaseID, eventCount: Int, db: Database) throws {
        guard eventCount > 0 else { return }
        try db.cachedStatement(sql: sql).execute(arguments: [caseID.rawValue, state.version - eventCount, state.workflow])
    }
}
