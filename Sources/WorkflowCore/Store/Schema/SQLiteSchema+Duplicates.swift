import GRDB

extension SQLiteSchema {
    /// The duplicate-detection index (重复信访): derived from `registered` events by
    /// `SQLiteDuplicateIndexer` (until v5 written in the registering transaction). It holds no
    /// plain personal data: petitioner identities are keyed hashes (`SiteKey`), content is
    /// MinHash minima.
    static func registerDuplicates(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-duplicate-index") { db in
            try db.execute(sql: """
                -- One row per case: the log position of its `registered` event (earlier cases
                -- have lower positions), its content signature, and whether its identity rows
                -- were written (0 when the store had no site key; filled in when one is installed).
                CREATE TABLE duplicate_cases (
                    position INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL,
                    signature BLOB NOT NULL,
                    keyed INTEGER NOT NULL
                );
                CREATE INDEX duplicate_cases_unkeyed ON duplicate_cases (position) WHERE keyed = 0;

                -- MinHash LSH bands: cases sharing a band are content candidates.
                CREATE TABLE duplicate_bands (
                    band INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (band, position)
                ) WITHOUT ROWID;

                -- Keyed hashes (HMAC-SHA256 under the site key, 16 bytes) of normalised ID
                -- numbers and phones: cases sharing one have the same petitioner.
                CREATE TABLE duplicate_identities (
                    identity BLOB NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (identity, position)
                ) WITHOUT ROWID;

                -- Operational: the content scheme and the site-key fingerprint the rows were
                -- made with, so a new scheme or key re-indexes instead of silently missing.
                CREATE TABLE duplicate_index_meta (
                    name TEXT PRIMARY KEY,
                    value BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4-duplicate-bands-fts5") { db in
            try db.execute(sql: """
                -- Bands move into FTS5 (rowid = position, one token per band): 32 random
                -- B-tree inserts per case dirtied a page each, ~0.5-1 ms per registration at
                -- 100,000+ cases; FTS5 buffers a transaction's postings into one segment and
                -- merges segments in the background of later writes (~65 µs per case).
                DROP TABLE duplicate_bands;
                CREATE VIRTUAL TABLE duplicate_bands USING fts5(bands, detail = none, columnsize = 0);
                -- Forget the scheme: the next `SQLiteDuplicateIndex.open` re-indexes every case.
                DELETE FROM duplicate_index_meta WHERE name = 'scheme';
                """)
        }
        migrator.registerMigration("v5-duplicate-indexer-cursors") { db in
            // Detection moves out of the registering transaction into `SQLiteDuplicateIndexer`,
            // which follows the log with two cursors in the metadata table. Every case stored
            // so far was detected at its intake; the index holds every case up to its newest
            // row unless some were indexed without the site key (then it is indexed again).
            try db.execute(sql: """
                INSERT OR REPLACE INTO duplicate_index_meta (name, value)
                    VALUES ('detected', (SELECT COALESCE(MAX(position), 0) FROM events));
                INSERT OR REPLACE INTO duplicate_index_meta (name, value)
                    VALUES ('indexed', CASE WHEN EXISTS (SELECT 1 FROM duplicate_cases WHERE keyed = 0) THEN 0
                        ELSE (SELECT COALESCE(MAX(position), 0) FROM duplicate_cases) END);
                """)
        }
        migrator.registerMigration("v6-duplicate-bands-automerge-2") { db in
            // A probe is 32 band lookups, each in every FTS5 segment: fewer segments, cheaper
            // probes. Merging at 2 segments per level instead of 4 (FTS5 `automerge`, stored in
            // the table's config) costs ~20 µs more per indexed case and saved 20-50% of a
            // probe's ~1.2-2.2 ms on a 200,000-case band table (docs/duplicates.md).
            try db.execute(sql: "INSERT INTO duplicate_bands (duplicate_bands, rank) VALUES ('automerge', 2)")
        }
    }
}
