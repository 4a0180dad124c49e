/// What goes into the history file. Notes and registrations carry petitioners' words and
/// personal data, which never go to files outside the server: only commands are kept.
enum HistoryPolicy {
    static func records(_ line: String, inCase: Bool) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return false }
        if inCase && !trimmed.hasPrefix("/") { return false }
        let name = trimmed.split(separator: " ").first.map { $0.hasPrefix("/") ? String($0.dropFirst()) : String($0) } ?? ""
        return !["new", "note"].contains(name) || trimmed == "new"
    }
}

import Foundation
