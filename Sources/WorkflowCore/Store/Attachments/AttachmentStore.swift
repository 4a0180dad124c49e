public import Foundation
import Crypto

/// Attachments (scans, photos) stored by content: the file's name is its SHA-256, so the same
/// bytes are kept once and an event's hash always names exactly what was received. Files are
/// written to a temporary name, synced, and renamed into place; nothing is ever overwritten.
public struct AttachmentStore: Sendable {
    public let directory: URL
    /// The most one attachment may hold (`Limits.attachmentBytes`).
    public let maxBytes: Int

    public init(directory: URL, maxBytes: Int = Limits.attachmentBytes) {
        self.directory = directory
        self.maxBytes = maxBytes
    }

    /// Stores bytes, returning their lowercase hex SHA-256.
    public func store(_ data: Data) throws -> String {
        var writer = try beginWrite(declaredBytes: data.count)
        try writer.append(data)
        return try writer.finish()
    }

    /// Starts a streamed write (for uploads arriving in chunks). The declared size is checked
    /// against the limit at once; the bytes received are checked as they come.
    public func beginWrite(declaredBytes: Int) throws -> AttachmentWriter {
        guard declaredBytes <= maxBytes else {
            throw CaseRejection.invalidField(
                field: "attachment.size_bytes", problem: "is \(declaredBytes) bytes, over the limit", limit: "\(maxBytes) bytes")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try AttachmentWriter(store: self)
    }

    /// The file holding an attachment, if stored.
    public func url(sha256: String) -> URL? {
        guard Self.isHash(sha256) else { return nil }
        let url = location(sha256)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    func location(_ sha256: String) -> URL {
        directory.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true).appendingPathComponent(sha256)
    }

    static func isHash(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}

/// One attachment being written.
public struct AttachmentWriter {
    private let store: AttachmentStore
    private let temporary: URL
    private let handle: FileHandle
    private var hasher = SHA256()
    public private(set) var byteCount = 0

    init(store: AttachmentStore) throws {
        self.store = store
        temporary = store.directory.appendingPathComponent(".incoming-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError(.io, "cannot create \(temporary.path)")
        }
        handle = try FileHandle(forWritingTo: temporary)
    }

    public mutating func append(_ data: Data) throws {
        guard byteCount + data.count <= store.maxBytes else {
            abandon()
            throw CaseRejection.invalidField(
                field: "attachment.size_bytes", problem: "exceeds the limit", limit: "\(store.maxBytes) bytes")
        }
        hasher.update(data: data)
        try handle.write(contentsOf: data)
        byteCount += data.count
    }

    /// Syncs and moves the file into place; returns its hash.
    public func finish() throws -> String {
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        try handle.synchronize()
        try handle.close()
        let destination = store.location(hash)
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination.path) {
            try? fileManager.removeItem(at: temporary)  // the same bytes are already kept
            return hash
        }
        try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fileManager.moveItem(at: temporary, to: destination)
        return hash
    }

    /// Drops a partial write.
    public func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
