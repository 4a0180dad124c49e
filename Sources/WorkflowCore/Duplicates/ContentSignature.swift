public import Foundation

/// How content is fingerprinted: MinHash over character shingles, with locality-sensitive
/// hashing (LSH) bands so that similar texts share a band and can be found by index lookup
/// instead of a scan. The index stores `id`; a different scheme means a re-index.
public struct ContentScheme: Hashable, Sendable {
    /// Characters per shingle.
    public var shingleLength: Int
    /// MinHash functions; the similarity estimate uses all of them.
    public var hashCount: Int
    /// LSH bands and rows per band (taken from the first `bands * rowsPerBand` minima).
    /// A pair with Jaccard similarity J shares a band with probability 1 - (1 - J^r)^b.
    public var bands: Int
    public var rowsPerBand: Int
    /// Texts with fewer shingles get no bands: too short to tell one matter from another.
    public var minimumShingles: Int

    public init(shingleLength: Int, hashCount: Int, bands: Int, rowsPerBand: Int, minimumShingles: Int) {
        precondition(bands * rowsPerBand <= hashCount, "bands use the signature's minima")
        self.shingleLength = shingleLength
        self.hashCount = hashCount
        self.bands = bands
        self.rowsPerBand = rowsPerBand
        self.minimumShingles = minimumShingles
    }

    /// The scheme the index is built with (measured by `xinfang-bench duplicates`).
    public static let standard = ContentScheme(shingleLength: 3, hashCount: 128, bands: 32, rowsPerBand: 3, minimumShingles: 8)

    /// Names the scheme in the index's metadata (a different id re-indexes every case).
    public var id: String { "minhash-v1-k\(shingleLength)-h\(hashCount)-b\(bands)x\(rowsPerBand)-m\(minimumShingles)" }
}

/// A MinHash signature of a case's subject and content.
public struct ContentSignature: Hashable, Sendable {
    /// The smallest value of each hash function over the shingles (empty for empty text).
    public let minima: [UInt32]
    /// How many distinct shingles the text had.
    public let shingleCount: Int

    public init(subject: String, content: String, scheme: ContentScheme = .standard) {
        let shingles = ContentText.shingles([subject, content], length: scheme.shingleLength)
        shingleCount = shingles.count
        guard !shingles.isEmpty else {
            minima = []
            return
        }
        let seeds = Self.seeds(scheme.hashCount)
        var minima = [UInt32](repeating: .max, count: scheme.hashCount)
        for shingle in shingles {
            let base = Self.mix(shingle)
            for index in 0..<scheme.hashCount {
                // Multiply-add-shift over a well-mixed base: one hash function per seed pair.
                let value = UInt32(truncatingIfNeeded: (base &* seeds[index].a &+ seeds[index].b) >> 32)
                if value < minima[index] { minima[index] = value }
            }
        }
        self.minima = minima
    }

    /// The LSH band keys: one 64-bit value per band, the band's number mixed in.
    public func bands(_ scheme: ContentScheme = .standard) -> [Int64] {
        guard shingleCount >= scheme.minimumShingles, minima.count >= scheme.bands * scheme.rowsPerBand else { return [] }
        return (0..<scheme.bands).map { band in
            var hash = Self.mix(UInt64(band) &+ 0x9E37_79B9)
            for row in 0..<scheme.rowsPerBand {
                hash = Self.mix(hash ^ UInt64(minima[band * scheme.rowsPerBand + row]))
            }
            return Int64(bitPattern: hash)
        }
    }

    /// The stored form: the low 16 bits of each minimum, little-endian. Enough to estimate
    /// similarity (a chance match of two different minima is 1 in 65,536) in a quarter of
    /// the space.
    public var stored: Data {
        var data = Data(capacity: minima.count * 2)
        for value in minima {
            data.append(UInt8(truncatingIfNeeded: value))
            data.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        return data
    }

    /// Estimated Jaccard similarity of the shingle sets: the share of hash functions whose
    /// minima agree. 0 when either text was empty.
    public func similarity(toStored other: Data) -> Double {
        let count = min(minima.count, other.count / 2)
        guard count > 0 else { return 0 }
        var equal = 0
        other.withUnsafeBytes { bytes in
            for index in 0..<count {
                let low = UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8
                if low == UInt16(truncatingIfNeeded: minima[index]) { equal += 1 }
            }
        }
        // Remove the expected chance agreements of 16-bit truncation.
        let chance = 1.0 / 65_536
        return max(0, (Double(equal) / Double(count) - chance) / (1 - chance))
    }

    /// splitmix64's finaliser: a fixed, well-mixing function (Swift's `Hasher` is seeded per
    /// process, and the index must be the same after a restart or a rebuild).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private struct Seed {
        var a: UInt64
        var b: UInt64
    }

    /// Fixed hash-function parameters, derived from a constant so every run agrees.
    private static func seeds(_ count: Int) -> [Seed] {
        if count == cachedSeeds.count { return cachedSeeds }
        return makeSeeds(count)
    }

    private static let cachedSeeds = makeSeeds(ContentScheme.standard.hashCount)

    private static func makeSeeds(_ count: Int) -> [Seed] {
        var state: UInt64 = 0x5846_2D64_7570_6C69  // "XF-dupli"
        return (0..<count).map { _ in
            state = mix(state)
            let a = state | 1
            state = mix(state)
            return Seed(a: a, b: state)
        }
    }
}
