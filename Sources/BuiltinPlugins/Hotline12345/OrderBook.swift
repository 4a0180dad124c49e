import Foundation
import Synchronization

/// Which cases came from the platform, by case id: learned from each case's `registered`
/// event (the first event of a case, so it arrives before any status change) and kept in
/// `orders.jsonl` in the plugin's state folder, one JSON object a line, synced before the
/// event is acknowledged. Cases not in the book get no callbacks.
final class OrderBook: Sendable {
    /// One platform order and the case it became.
    struct Entry: Codable, Sendable, Equatable {
        var caseID: String
        var caseNumber: String
        var orderNo: String

        enum CodingKeys: String, CodingKey {
            case caseID = "case_id", caseNumber = "case_number", orderNo = "order_no"
        }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var handle: FileHandle?
    }

    private let state: Mutex<State>

    /// Loads the book from `file` (created when missing); `nil`: kept in memory only.
    init(file: URL?) throws {
        var initial = State()
        if let file {
            if !FileManager.default.fileExists(atPath: file.path) {
                _ = FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            let data = try Data(contentsOf: file)
            for line in data.split(separator: UInt8(ascii: "\n")) {
                // A torn last line (a crash mid-write) is skipped; its event was not acked.
                guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line)) else { continue }
                initial.entries[entry.caseID] = entry
            }
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            // Start on a fresh line after a torn one.
            if let last = data.last, last != UInt8(ascii: "\n") { try handle.write(contentsOf: Data("\n".utf8)) }
            initial.handle = handle
        }
        state = Mutex(initial)
    }

    /// Records an order's case durably (a no-op when already known).
    func record(_ entry: Entry) throws {
        try state.withLock { state in
            guard state.entries[entry.caseID] != entry else { return }
            if let handle = state.handle {
                var line = try JSONEncoder().encode(entry)
                line.append(UInt8(ascii: "\n"))
                try handle.write(contentsOf: line)
                try handle.synchronize()
            }
            state.entries[entry.caseID] = entry
        }
    }

    /// The order a case came from, if it came from the platform.
    func entry(forCase caseID: String) -> Entry? {
        state.withLock { $0.entries[caseID] }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
