import GRDB

/// The database schema, as GRDB migrations. Migrations are append-only: a shipped one is
/// never edited; a change is a new migration.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        registerCore(&migrator)
        registerProjections(&migrator)
        registerSearch(&migrator)
        registerOutbox(&migrator)
        registerDuplicates(&migrator)
        registerIndexFileMove(&migrator)
        return migrator
    }

    /// The event log, case numbers, idempotency keys, the case list, and the directory.
    private static func registerCore(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-events-and-cases") { db in
            // The event log: the record. Rows are only ever inserted.
            try db.execute(sql: """
                CREATE TABLE events (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    at_ms INTEGER NOT NULL,
                    payload TEXT NOT NULL,
                    UNIQUE (case_id, version)
                );
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

                -- Case identities: the number given at registration. A record, like the events.
                CREATE TABLE case_keys (
                    case_id TEXT PRIMARY KEY,
                    case_number TEXT NOT NULL UNIQUE
                ) WITHOUT ROWID;
                CREATE TRIGGER case_keys_no_update BEFORE UPDATE ON case_keys
                    BEGIN SELECT RAISE(ABORT, 'case numbers are never changed'); END;
                CREATE TRIGGER case_keys_no_delete BEFORE DELETE ON case_keys
                    BEGIN SELECT RAISE(ABORT, 'case numbers are never changed'); END;

                -- Case numbers: one counter per year, advanced in the registering transaction.
                CREATE TABLE case_number_counters (
                    year INTEGER PRIMARY KEY,
                    last_serial INTEGER NOT NULL
                );

                -- Idempotency keys of submissions and the case each created.
                CREATE TABLE idempotency_keys (
                    key TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL
                ) WITHOUT ROWID;

                -- Projection: the case list. Rebuilt from events by `xinfangd rebuild`.
                CREATE TABLE cases (
                    case_id TEXT PRIMARY KEY,
                    case_number TEXT NOT NULL UNIQUE,
                    workflow TEXT NOT NULL,
                    state TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    org_id TEXT NOT NULL,
                    handler_id TEXT NOT NULL,
                    matter_class TEXT NOT NULL,
                    petitioner TEXT NOT NULL,
                    accused_org_id TEXT NOT NULL,
                    next_deadline_ms INTEGER,
                    supervised INTEGER NOT NULL,
                    leader_in_charge TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL,
                    version INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX cases_by_update ON cases (updated_ms DESC, case_id DESC);
                CREATE INDEX cases_by_org ON cases (org_id, updated_ms DESC);
                CREATE INDEX cases_by_deadline ON cases (next_deadline_ms) WHERE next_deadline_ms IS NOT NULL;

                -- Projection: every org a case has been with, for scoping.
                CREATE TABLE case_orgs (
                    case_id TEXT NOT NULL,
                    org_id TEXT NOT NULL,
                    PRIMARY KEY (case_id, org_id)
                ) WITHOUT ROWID;
                CREATE INDEX case_orgs_by_org ON case_orgs (org_id, case_id);
                """)
        }
        migrator.registerMigration("v1-directory") { db in
            try db.execute(sql: """
                CREATE TABLE orgs (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    parent_id TEXT NOT NULL,
                    level TEXT NOT NULL,
                    office_hours TEXT NOT NULL,
                    created_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    display_name TEXT NOT NULL,
                    org_id TEXT NOT NULL REFERENCES orgs(id),
                    roles TEXT NOT NULL,
                    extra_rights TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                -- Bearer tokens, stored as SHA-256 hashes only.
                CREATE TABLE tokens (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id),
                    token_hash TEXT NOT NULL UNIQUE,
                    label TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    expires_ms INTEGER,
                    revoked_ms INTEGER
                ) WITHOUT ROWID;
                -- Who changed the directory, when: an append-only audit of admin actions.
                CREATE TABLE admin_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    actor_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    at_ms INTEGER NOT NULL
                );
                """)
        }
    }
}
