import GRDB

extension SQLiteSchema {
    /// The derived indexes' own database file (search and duplicate detection), beside the
    /// log's. Everything in it is derived from events and can be rebuilt from them; it has its
    /// own writer, so indexing never holds up the transactions that acknowledge commands. Its
    /// connections attach the log's file as `log` (read only by the indexes: `events`,
    /// `case_keys`, `cases`, `case_orgs`). See docs/architecture.md.
    static var indexMigrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-search") { db in
            try db.execute(sql: """
                -- One document per case: its subject, content, thread (note texts and the free-text
                -- fields of transitions, one entry per line) and the orgs it has been with (one per
                -- line, for scoped queries). `docid` follows registration order: higher is newer.
                CREATE TABLE search_docs (
                    docid INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL UNIQUE,
                    subject TEXT NOT NULL,
                    content TEXT NOT NULL,
                    thread TEXT NOT NULL,
                    orgs TEXT NOT NULL DEFAULT ''
                );

                -- Queries of 3+ characters: trigrams of subject, content and thread joined by
                -- newlines. detail=none keeps the index small; candidates are verified against
                -- search_docs, so phrase positions are not needed.
                CREATE VIRTUAL TABLE search_trigram USING fts5(
                    body, tokenize = 'trigram', detail = none, content = '', columnsize = 0);

                -- Queries of 1-2 characters (trigram answers none) and org scopes: every
                -- character, every pair of adjacent non-space characters, and org tokens
                -- (SearchText.shortTokens).
                CREATE VIRTUAL TABLE search_short USING fts5(
                    grams, tokenize = 'ascii', detail = none, content = '', columnsize = 0);

                -- How far the indexer has read the log.
                CREATE TABLE search_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    position INTEGER NOT NULL
                );
                INSERT INTO search_state (id, position) VALUES (1, 0);
                """)
        }
        migrator.registerMigration("v1-duplicates") { db in
            try db.execute(sql: """
                -- One row per case: the log position of its `registered` event (earlier cases
                -- have lower positions), its number (so a probe reads nothing from the log and
                -- holds no snapshot of it), its content signature, and whether its identity
                -- rows were written (0 when the store had no site key).
                CREATE TABLE duplicate_cases (
                    position INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL,
                    case_number TEXT NOT NULL,
                    signature BLOB NOT NULL,
                    keyed INTEGER NOT NULL
                );
                CREATE INDEX duplicate_cases_unkeyed ON duplicate_cases (position) WHERE keyed = 0;

                -- MinHash LSH bands (rowid = position, one token per band): FTS5 buffers a
                -- transaction's postings into one segment and merges segments as later writes
                -- come, where 32 random B-tree inserts per case would dirty a page each.
                -- Merging at 2 segments per level (automerge) keeps probes cheap.
                CREATE VIRTUAL TABLE duplicate_bands USING fts5(bands, detail = none, columnsize = 0);
                INSERT INTO duplicate_bands (duplicate_bands, rank) VALUES ('automerge', 2);

                -- Keyed hashes (HMAC-SHA256 under the site key, 16 bytes) of normalised ID
                -- numbers and phones: cases sharing one have the same petitioner.
                CREATE TABLE duplicate_identities (
                    identity BLOB NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (identity, position)
                ) WITHOUT ROWID;

                -- The content scheme and site-key fingerprint the rows were made with, and the
                -- cursors: `indexed` (registrations up to it are in the index) and `detected`
                -- (up to it detection has run). A log that had its indexes inside its own file
                -- handed its `detected` cursor over (`derived_handover`), so moving the indexes
                -- here re-indexes but never detects again.
                CREATE TABLE duplicate_index_meta (
                    name TEXT PRIMARY KEY,
                    value BLOB NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO duplicate_index_meta (name, value) VALUES ('indexed', 0);
                INSERT INTO duplicate_index_meta (name, value) VALUES ('detected',
                    COALESCE((SELECT value FROM log.derived_handover WHERE name = 'duplicates_detected'), 0));
                """)
        }
        return migrator
    }

    /// Moves the derived indexes out of the log's file (into `indexMigrator`'s): their
    /// transactions held the single writer that acknowledges commands. Only derived rows are
    /// dropped; the duplicate detector's `detected` cursor is handed over.
    static func registerIndexFileMove(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-derived-indexes-own-file") { db in
            try db.execute(sql: """
                CREATE TABLE derived_handover (
                    name TEXT PRIMARY KEY,
                    value INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO derived_handover (name, value)
                    SELECT 'duplicates_detected', value FROM duplicate_index_meta WHERE name = 'detected';
                DROP TABLE search_docs;
                DROP TABLE search_trigram;
                DROP TABLE search_short;
                DROP TABLE search_state;
                DROP TABLE duplicate_cases;
                DROP TABLE duplicate_bands;
                DROP TABLE duplicate_identities;
                DROP TABLE duplicate_index_meta;
                """)
        }
    }
}
