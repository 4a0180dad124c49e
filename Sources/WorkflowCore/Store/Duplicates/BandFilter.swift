import GRDB
import Synchronization

/// Which LSH band keys the duplicate index holds, as a Bloom filter in memory, so a probe
/// looks up only bands that may exist. Most of a new petition's 32 bands match no earlier
/// case, and each FTS5 lookup costs a seek in every segment (docs/duplicates.md): skipping
/// the absent ones is most of a probe's cost. No false negatives: a band the index holds is
/// always looked up; a false positive (~3% at capacity) costs one lookup that finds nothing.
///
/// It follows the index's `indexed` cursor: `refresh` loads the bands of cases indexed since
/// it last looked (all of them the first time, or after the index was emptied), `add` takes
/// a batch the owner just wrote. About 32 bytes per indexed case (8 bits per band entry),
/// doubling when full.
final class BandFilter: Sendable {
    /// Bits per band entry at capacity (with `hashes` = 3: ~3% false positives).
    static let bitsPerEntry = 8
    static let hashes = 3
    /// The smallest filter (bits).
    static let minimumBits = 1 << 16

    private struct State {
        var words: [UInt64]
        var entries = 0
        /// The index's `indexed` cursor the filter has taken every band up to.
        var covered: Int64 = 0

        init(bits: Int) { words = Array(repeating: 0, count: bits / 64) }

        var capacity: Int { words.count * 64 / BandFilter.bitsPerEntry }

        mutating func insert(_ band: Int64) {
            let (key, step, mask) = BandFilter.hashing(band, bits: words.count * 64)
            for index in 0..<UInt64(BandFilter.hashes) {
                let bit = (key &+ index &* step) & mask
                words[Int(bit >> 6)] |= 1 << (bit & 63)
            }
            entries += 1
        }

        func contains(_ band: Int64) -> Bool {
            let (key, step, mask) = BandFilter.hashing(band, bits: words.count * 64)
            for index in 0..<UInt64(BandFilter.hashes) {
                let bit = (key &+ index &* step) & mask
                if words[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return false }
            }
            return true
        }
    }

    private let state = Mutex(State(bits: minimumBits))

    /// Double hashing on the band key (itself a hash): bit i is `(key + i * step) & mask`.
    private static func hashing(_ band: Int64, bits: Int) -> (key: UInt64, step: UInt64, mask: UInt64) {
        let key = UInt64(bitPattern: band)
        return (key, (key >> 32 | key << 32) | 1, UInt64(bits - 1))
    }

    func mightContain(_ band: Int64) -> Bool {
        state.withLock { $0.contains(band) }
    }

    /// Brings the filter up to the index as `db` sees it (`indexed` cursor `cursor`).
    func refresh(cursor: Int64, db: Database) throws {
        let (covered, full) = state.withLock { ($0.covered, $0.entries >= $0.capacity) }
        guard covered != cursor else { return }
        if covered == 0 || cursor < covered || full {
            // First use, an emptied index (a reset or a new scheme), or a full filter: build a
            // new one, sized for twice the bands the index may hold, band by band (an index of
            // a million cases holds 32 million).
            let cases = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM duplicate_cases WHERE position <= ?", arguments: [cursor]) ?? 0
            var bits = Self.minimumBits
            while bits / Self.bitsPerEntry < 2 * cases * ContentScheme.standard.bands { bits *= 2 }
            var fresh = State(bits: bits)
            try Self.forEachBand(db, after: 0, through: cursor) { fresh.insert($0) }
            fresh.covered = cursor
            state.withLock { $0 = fresh }
        } else {
            // Cases another writer indexed since: few.
            var gap: [Int64] = []
            try Self.forEachBand(db, after: covered, through: cursor) { gap.append($0) }
            state.withLock { current in
                for band in gap { current.insert(band) }
                current.covered = cursor
            }
        }
    }

    /// The band keys of the cases indexed at positions in `(after, through]`, from the
    /// bands' stored text (`DuplicateIndexRows.bandToken`).
    private static func forEachBand(_ db: Database, after: Int64, through: Int64, _ body: (Int64) -> Void) throws {
        let rows = try String.fetchCursor(
            db, sql: "SELECT bands FROM duplicate_bands WHERE rowid > ? AND rowid <= ?", arguments: [after, through])
        while let text = try rows.next() {
            for token in text.split(separator: " ") {
                if let value = UInt64(token.dropFirst(), radix: 36) { body(Int64(bitPattern: value)) }
            }
        }
    }

    /// Takes the bands of a batch its owner wrote, moving the index from `from` to `through`;
    /// when the filter was not at `from` (another writer), the next `refresh` catches up.
    func add(_ bands: [Int64], from: Int64, through: Int64) {
        state.withLock { current in
            guard current.covered == from, current.entries + bands.count <= current.capacity else { return }
            for band in bands { current.insert(band) }
            current.covered = through
        }
    }
}
