import GRDB

extension SQLiteSchema {
    /// The outbox: who subscribed to which events (`subscribers`) and one row per event a
    /// subscriber has to receive (`outbox`). Rows are added in the transaction that appends the
    /// events; hand-outs, acknowledgements and pruning are operational state, not record.
    static func registerOutbox(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-outbox") { db in
            try db.execute(sql: """
                -- A subscriber (a plugin, a hotline callback target) and the events it asked for.
                -- Only events after since_position are queued for it: the head when it registered
                -- or last changed its filter. pruned_through: every row at or below it was
                -- acknowledged and pruned, so a rebuild must not queue it again.
                CREATE TABLE subscribers (
                    name TEXT PRIMARY KEY,
                    event_types TEXT NOT NULL,
                    workflows TEXT NOT NULL,
                    all_types INTEGER NOT NULL,
                    all_workflows INTEGER NOT NULL,
                    registered_position INTEGER NOT NULL,
                    since_position INTEGER NOT NULL,
                    pruned_through INTEGER NOT NULL DEFAULT 0,
                    registered_ms INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL
                ) WITHOUT ROWID;

                -- One delivery: an event (by its log position) owed to a subscriber, with its case's
                -- workflow. The payload stays in `events`. lease_owner/leased_until_ms: handed out by that process and
                -- not to be handed out again before then; acked_ms: acknowledged.
                CREATE TABLE outbox (
                    subscriber TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    case_id TEXT NOT NULL,
                    workflow TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    lease_owner TEXT,
                    leased_until_ms INTEGER,
                    acked_ms INTEGER,
                    PRIMARY KEY (subscriber, position)
                ) WITHOUT ROWID;
                CREATE INDEX outbox_unacked ON outbox (subscriber, position) WHERE acked_ms IS NULL;
                CREATE INDEX outbox_acked ON outbox (subscriber, acked_ms) WHERE acked_ms IS NOT NULL;
                """)
        }
    }
}
