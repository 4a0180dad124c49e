import Crypto
import Foundation

/// A 网格员 (grid worker) the app signs in as.
struct GridWorker: Hashable, Sendable {
    /// `w-0012`: lowercase letters, digits, `_`, `-`; at most 32 characters.
    var id: String
    /// Shown to operators on the case (a staff name, not a petitioner's).
    var name: String
    /// Codes (district, street or grid) of the cells the worker reports in; empty: any cell.
    var cells: [String]

    func mayReport(in cell: GridCell) -> Bool {
        cells.isEmpty || cells.contains { $0 == cell.grid || $0 == cell.street || $0 == cell.district }
    }
}

/// The workers file (`workers.csv`: worker_id, name, token_sha256, cells). Tokens are stored
/// only as SHA-256 hashes and compared in constant time; `grid new-token` mints one.
struct WorkerDirectory: Sendable {
    static let columns = ["worker_id", "name", "token_sha256", "cells"]
    /// Every token starts with this, so a leaked one is recognisable in a scan of logs or code.
    static let tokenPrefix = "gwt_"
    static let maxWorkerIDCharacters = 32

    private let entries: [(hash: [UInt8], worker: GridWorker)]

    init(_ entries: [(hash: [UInt8], worker: GridWorker)]) { self.entries = entries }

    var workers: [GridWorker] { entries.map(\.worker) }

    /// The worker holding `token`, or nil. Every entry is compared, byte for byte, whatever
    /// matches, so the time taken says nothing about which hash came close.
    func worker(presenting token: String) -> GridWorker? {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: Int?
        for (index, entry) in entries.enumerated() {
            var difference: UInt8 = 0
            for (left, right) in zip(digest, entry.hash) { difference |= left ^ right }
            if difference == 0 && found == nil { found = index }
        }
        return found.map { entries[$0].worker }
    }

    static func load(_ url: URL) throws -> WorkerDirectory {
        try from(CSVTable.load(url, required: columns))
    }

    static func from(_ table: CSVTable) throws -> WorkerDirectory {
        var entries: [(hash: [UInt8], worker: GridWorker)] = []
        var ids: Set<String> = []
        var hashes: Set<[UInt8]> = []
        for row in table.rows {
            func fail(_ message: String) -> DataFileError { DataFileError(file: table.file, line: row.line, message: message) }
            let id = row["worker_id"]
            guard GridIDs.isID(id), id.count <= maxWorkerIDCharacters else {
                throw fail("worker_id `\(id)` is not an id of at most \(maxWorkerIDCharacters) characters (lowercase letters, digits, `_`, `-`)")
            }
            guard ids.insert(id).inserted else { throw fail("worker_id `\(id)` appears twice") }
            guard !row["name"].isEmpty, row["name"].count <= 40 else { throw fail("name must be 1 to 40 characters") }
            guard let hash = hexBytes(row["token_sha256"]), hash.count == 32 else {
                throw fail("token_sha256 is not 64 hex digits (print one with `grid new-token`)")
            }
            guard hashes.insert(hash).inserted else { throw fail("token_sha256 is the same as an earlier worker's") }
            let cells = row["cells"] == "*" ? [] : row["cells"].split(separator: " ").map(String.init)
            for code in cells where !code.allSatisfy({ $0.isASCII && $0.isNumber }) || ![6, 9, 14].contains(code.count) {
                throw fail("cells: `\(code)` is not a district (6 digits), street (9) or grid (14) code; `*` means any cell")
            }
            entries.append((hash, GridWorker(id: id, name: row["name"], cells: cells)))
        }
        return WorkerDirectory(entries)
    }

    /// The SHA-256 of a token, in lowercase hex, as the workers file stores it.
    static func hash(token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh token: the prefix and 32 random bytes in base64url (256 bits from the system's CSPRNG).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return tokenPrefix + text
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
