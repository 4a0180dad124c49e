public import Foundation
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The site's secret for petitioner identity keys: HMAC-SHA256 under this key turns a
/// normalised ID number or phone into a value that matches across cases but cannot be
/// turned back (or brute-forced from the small space of ID numbers) without the key.
///
/// It lives in the data directory as `site.key` (32 random bytes, mode 0600), beside the
/// database and not in it, so that the duplicate index alone reveals nothing.
///
/// ```swift
/// let key = try SiteKey.loadOrCreate(directory: dataDirectory)
/// ```
public struct SiteKey: Sendable {
    /// The key file inside a data directory.
    public static let fileName = "site.key"
    /// Key length in bytes.
    public static let byteCount = 32
    /// Bytes of HMAC output kept per identity key: 128 bits is far beyond any collision
    /// risk at a city's scale and halves the index.
    public static let identityKeyBytes = 16

    /// Raw bytes, not `SymmetricKey` (which is not `Sendable`); a key is made per use.
    private let bytes: Data

    /// A key from raw bytes; throws unless there are exactly `byteCount` of them.
    public init(bytes: some ContiguousBytes) throws {
        let count = bytes.withUnsafeBytes { $0.count }
        guard count == Self.byteCount else {
            throw StoreError(.corrupt, "\(Self.fileName): must hold \(Self.byteCount) bytes, found \(count)")
        }
        self.bytes = bytes.withUnsafeBytes { Data($0) }
    }

    /// A fresh random key (tests, benchmarks; the daemon uses `loadOrCreate`).
    public static func random() -> SiteKey {
        // The count is right by construction.
        try! SiteKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// Reads `site.key` from a data directory, creating it (32 random bytes, mode 0600,
    /// flushed to disk) if it is absent. A file of the wrong size is an error, never replaced:
    /// a new key would silently stop matching every petitioner indexed before.
    public static func loadOrCreate(directory: URL) throws -> SiteKey {
        let path = directory.appendingPathComponent(fileName).path
        if let existing = FileManager.default.contents(atPath: path) {
            return try SiteKey(bytes: existing)
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // O_EXCL: if another process created it meanwhile, its key wins and we read that.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST, let existing = FileManager.default.contents(atPath: path) {
                return try SiteKey(bytes: existing)
            }
            throw StoreError(.io, "\(fileName): cannot create in \(directory.path) (errno \(errno))")
        }
        defer { close(descriptor) }
        let written = fresh.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == byteCount, fsync(descriptor) == 0 else {
            unlink(path)
            throw StoreError(.io, "\(fileName): cannot write in \(directory.path) (errno \(errno))")
        }
        syncDirectory(directory.path)
        return try SiteKey(bytes: fresh)
    }

    /// The keyed identity of a normalised value (`id:…`, `phone:…`): the first
    /// `identityKeyBytes` of HMAC-SHA256.
    public func identityKey(_ normalised: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(normalised.utf8), using: SymmetricKey(data: bytes)).prefix(Self.identityKeyBytes))
    }

    /// A value that tells keys apart without revealing them: the index records which key its
    /// identity rows were made with, and re-keys them when the key changes.
    public var fingerprint: Data { identityKey("xinfang-site-key-fingerprint") }

    /// Makes the new directory entry itself durable (a crash must not lose the key file).
    private static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
