import GRDB

extension SQLiteSchema {
    /// The full-text search index: maintained just behind the event log by
    /// `SQLiteSearchIndexer` (not in the appending transaction), derived from events only, and
    /// rebuilt from them by `xinfangd rebuild`. See docs/search.md.
    static func registerSearch(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-search") { db in
            try db.execute(sql: """
                -- One document per case: its subject, content and thread (note texts and the
                -- free-text fields of transitions, one entry per line). `docid` follows
                -- registration order, so a higher docid is a newer case.
                CREATE TABLE search_docs (
                    docid INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL UNIQUE,
                    subject TEXT NOT NULL,
                    content TEXT NOT NULL,
                    thread TEXT NOT NULL
                );

                -- Queries of 3+ characters: trigrams of subject, content and thread joined by
                -- newlines. detail=none keeps the index small; candidates are verified against
                -- search_docs, so phrase positions are not needed.
                CREATE VIRTUAL TABLE search_trigram USING fts5(
                    body, tokenize = 'trigram', detail = none, content = '', columnsize = 0);

                -- Queries of 1-2 characters (trigram answers none): every character and every
                -- pair of adjacent non-space characters as a token (SearchText.shortTokens).
                CREATE VIRTUAL TABLE search_short USING fts5(
                    grams, tokenize = 'ascii', detail = none, content = '', columnsize = 0);

                -- How far the indexer has read the log (operational state).
                CREATE TABLE search_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    position INTEGER NOT NULL
                );
                INSERT INTO search_state (id, position) VALUES (1, 0);
                """)
        }
        migrator.registerMigration("v4-search-org-tokens") { db in
            // The orgs each case has been with (from `case_orgs`, one per line), so a scoped
            // query can intersect its words with the scope's org tokens inside FTS5. Documents
            // indexed before have no org tokens: the index is emptied and rebuilt from the log.
            try db.execute(sql: """
                ALTER TABLE search_docs ADD COLUMN orgs TEXT NOT NULL DEFAULT '';
                DELETE FROM search_docs;
                INSERT INTO search_trigram (search_trigram) VALUES ('delete-all');
                INSERT INTO search_short (search_short) VALUES ('delete-all');
                UPDATE search_state SET position = 0;
                """)
        }
    }
}
