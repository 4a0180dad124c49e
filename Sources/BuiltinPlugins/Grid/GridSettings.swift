import Foundation
import PluginKit

/// The manifest's `config` for the grid plugin: where to listen and the three data files.
/// Relative paths are relative to the plugin's working directory (its manifest folder).
struct GridSettings: Sendable {
    /// `HOST:PORT` of the app's HTTP interface; port 0 picks a free one. The address bound is
    /// written to `STATE_DIR/http-address`.
    var host: String
    var port: Int
    var workersFile: URL
    var cellsFile: URL
    var eventTypesFile: URL
    var stateDirectory: URL
    /// Due times in feed texts are written in this zone (default Asia/Shanghai).
    var timeZone: TimeZone

    static let defaultListen = "127.0.0.1:8470"

    init(config: [String: String], stateDirectory: String) throws {
        let listen = config["listen"] ?? Self.defaultListen
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port),
            !listen[..<colon].isEmpty
        else {
            throw DataFileError(file: "manifest config", line: 0, message: "listen `\(listen)` is not HOST:PORT (e.g. \(Self.defaultListen))")
        }
        host = String(listen[..<colon])
        self.port = port
        func file(_ key: String, _ fallback: String) -> URL {
            URL(fileURLWithPath: config[key] ?? fallback, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        }
        workersFile = file("workers", "workers.csv")
        cellsFile = file("cells", "cells.csv")
        eventTypesFile = file("event_types", "event-types.csv")
        self.stateDirectory = URL(fileURLWithPath: stateDirectory.isEmpty ? FileManager.default.currentDirectoryPath : stateDirectory, isDirectory: true)
        let zone = config["time_zone"] ?? "Asia/Shanghai"
        guard let timeZone = TimeZone(identifier: zone) else {
            throw DataFileError(file: "manifest config", line: 0, message: "time_zone `\(zone)` is not a time zone id")
        }
        self.timeZone = timeZone
    }
}
