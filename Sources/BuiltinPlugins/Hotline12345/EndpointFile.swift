import Foundation

/// The file in the state folder that says where the push endpoint listens
/// (`http://HOST:PORT`), written once the server is bound, so a port-0 configuration can be
/// found by whoever needs it (tests, a reverse proxy's setup script).
enum EndpointFile {
    static let name = "endpoint"

    static func url(stateDirectory: String) -> URL {
        URL(fileURLWithPath: stateDirectory, isDirectory: true).appendingPathComponent(name)
    }

    /// Writes the address atomically (a reader never sees half of it).
    static func write(_ address: String, stateDirectory: String) throws {
        try Data((address + "\n").utf8).write(to: url(stateDirectory: stateDirectory), options: .atomic)
    }

    static func remove(stateDirectory: String) {
        try? FileManager.default.removeItem(at: url(stateDirectory: stateDirectory))
    }
}
