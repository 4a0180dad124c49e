import GRDB

extension SQLiteSchema {
    /// Projections beyond the case list: timers and statistics counters. All are derived
    /// from events and rebuilt by `xinfangd rebuild`.
    static func registerProjections(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-timers-and-counters") { db in
            try db.execute(sql: """
                -- Durable timers: one row per pending warning or breach of a running deadline.
                -- The scheduler fires rows that came due; the engine refuses a second firing.
                CREATE TABLE timers (
                    case_id TEXT NOT NULL,
                    deadline_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    due_ms INTEGER NOT NULL,
                    PRIMARY KEY (case_id, deadline_id, kind)
                ) WITHOUT ROWID;
                CREATE INDEX timers_by_due ON timers (due_ms);

                -- Statistics: events counted per org, civil day (site time) and event type.
                CREATE TABLE event_counters (
                    org_id TEXT NOT NULL,
                    day TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (org_id, day, event_type)
                ) WITHOUT ROWID;
                """)
        }
    }
}
