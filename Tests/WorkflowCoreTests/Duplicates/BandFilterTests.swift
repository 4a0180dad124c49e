import GRDB
import Testing

@testable import WorkflowCore

/// The band filter never hides a band the index holds (a missed duplicate), follows the
/// index's cursor, starts over when the index was emptied, and lets few absent bands through.
struct BandFilterTests {
    /// Band and case tables like the index's, with `cases` rows of 32 pseudo-random bands each.
    static func index(cases: ClosedRange<Int64>, into db: Database) throws -> [Int64] {
        var all: [Int64] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(cases.lowerBound + 1)
        for position in cases {
            let bands = (0..<32).map { _ -> Int64 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int64(bitPattern: state ^ (state >> 29))
            }
            all += bands
            try db.execute(
                sql: "INSERT INTO duplicate_cases (position, case_id, case_number, signature, keyed) VALUES (?, ?, ?, x'', 1)",
                arguments: [position, "c\(position)", "XF-2026-\(position)"])
            try db.execute(
                sql: "INSERT INTO duplicate_bands (rowid, bands) VALUES (?, ?)",
                arguments: [position, bands.map(DuplicateIndexRows.bandToken).joined(separator: " ")])
        }
        return all
    }

    static func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE duplicate_bands USING fts5(bands, detail = none, columnsize = 0);
                CREATE TABLE duplicate_cases (
                    position INTEGER PRIMARY KEY, case_id TEXT NOT NULL, case_number TEXT NOT NULL,
                    signature BLOB NOT NULL, keyed INTEGER NOT NULL);
                """)
        }
        return queue
    }

    @Test func everyIndexedBandPassesAndFewAbsentOnesDo() throws {
        let queue = try Self.database()
        let filter = BandFilter()
        let first = try queue.write { db in try Self.index(cases: 1...3_000, into: db) }
        try queue.read { db in try filter.refresh(cursor: 3_000, db: db) }
        // Cases indexed later are loaded from where the filter left off.
        let later = try queue.write { db in try Self.index(cases: 3_001...4_000, into: db) }
        try queue.read { db in try filter.refresh(cursor: 4_000, db: db) }
        #expect((first + later).allSatisfy(filter.mightContain))
        let absent = (0..<20_000).map { Int64($0) &* 0x5851_F42D_4C95_7F2D }
        let passed = absent.filter(filter.mightContain).count
        #expect(passed < absent.count / 10)
    }

    @Test func bandsAddedByTheOwnerPassAndAnEmptiedIndexStartsOver() throws {
        let queue = try Self.database()
        let filter = BandFilter()
        let written = try queue.write { db in try Self.index(cases: 1...10, into: db) }
        try queue.read { db in try filter.refresh(cursor: 0, db: db) }
        filter.add(written, from: 0, through: 10)
        #expect(written.allSatisfy(filter.mightContain))
        // A batch added from a cursor the filter is not at is left for `refresh`.
        filter.add([42], from: 5, through: 11)
        #expect(!filter.mightContain(42) || written.contains(42))

        // The index emptied and refilled with other cases: the old bands go.
        try queue.write { db in
            try db.execute(sql: "DELETE FROM duplicate_bands; DELETE FROM duplicate_cases")
            _ = try Self.index(cases: 100...104, into: db)
        }
        try queue.read { db in try filter.refresh(cursor: 4, db: db) }
        let stale = written.filter(filter.mightContain).count
        #expect(stale < written.count / 10)
    }
}
