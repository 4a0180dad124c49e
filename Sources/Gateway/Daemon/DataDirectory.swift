import Foundation
import WorkflowCore

/// The daemon's data directory: one SQLite database plus attachment and plugin folders.
struct DataDirectory {
    let url: URL

    init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    var databasePath: String { url.appendingPathComponent(SQLiteEventStore.fileName).path }
    var exists: Bool { FileManager.default.fileExists(atPath: databasePath) }

    /// Creates the folders (mode 0700: the data includes personal data).
    func create() throws {
        for folder in [url, url.appendingPathComponent("attachments"), url.appendingPathComponent("plugins")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// Opens an initialised directory's store; a clear error if it was never initialised.
    func openStore() throws -> SQLiteEventStore {
        guard exists else {
            throw DaemonError("no database at \(databasePath): run `xinfangd init --data \(url.path)` first")
        }
        return try SQLiteEventStore(path: databasePath)
    }
}

/// A failure the daemon reports to the operator and exits on.
struct DaemonError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
