import Foundation

/// The manifest's `config` for letter-ocr:
///
/// | key | default | meaning |
/// |---|---|---|
/// | `inbox` | STATE_DIR/inbox | the folder scans are dropped into |
/// | `poll_ms` | 2000 | how often the inbox is looked at (100...600000) |
/// | `listen` | (off) | `HOST:PORT` of the submit endpoint, e.g. `127.0.0.1:7411` (port 0: any) |
/// | `preprocess` | scale,deskew,binarize | the preprocessing steps (`none`, or any of `scale,deskew,binarize`) |
struct LetterOCRSettings: Sendable, Hashable {
    var inbox: URL
    var poll: Duration
    var listenHost: String?
    var listenPort = 0
    var preprocessing: Preprocessing
    /// Where the submit endpoint's bound address is written (`http://HOST:PORT`).
    var endpointFile: URL

    static let pollRange = 100...600_000

    init(config: [String: String], stateDirectory: String) throws(SettingsError) {
        let state = URL(fileURLWithPath: stateDirectory.isEmpty ? FileManager.default.temporaryDirectory.path : stateDirectory, isDirectory: true)
        inbox = config["inbox"].map { URL(fileURLWithPath: $0, isDirectory: true) } ?? state.appendingPathComponent("inbox", isDirectory: true)
        endpointFile = state.appendingPathComponent("submit-endpoint")
        let pollText = config["poll_ms"] ?? "2000"
        guard let milliseconds = Int(pollText), Self.pollRange.contains(milliseconds) else {
            throw SettingsError("config.poll_ms: `\(pollText)` is not a number of milliseconds in \(Self.pollRange)")
        }
        poll = .milliseconds(milliseconds)
        if let listen = config["listen"], !listen.isEmpty {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else {
                throw SettingsError("config.listen: `\(listen)` is not HOST:PORT")
            }
            listenHost = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            listenPort = port
        }
        let steps = config["preprocess"] ?? Preprocessing.standard.description
        guard let preprocessing = Preprocessing(list: steps) else {
            throw SettingsError("config.preprocess: `\(steps)` is not `none` or a list of scale, deskew, binarize")
        }
        self.preprocessing = preprocessing
    }
}

/// A `config` value the plugin cannot use; names the key.
struct SettingsError: Error, CustomStringConvertible, Sendable, Hashable {
    var description: String
    init(_ description: String) { self.description = description }
}
