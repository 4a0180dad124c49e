import Foundation

/// The inbox folder and its two sub-folders: `done/` for scans whose case is stored (with a
/// receipt naming the case beside each) and `quarantine/` for files that cannot be read (with
/// a reason file beside each). A scan leaves the inbox only after its case is stored.
struct InboxFolder: Sendable {
    let root: URL
    var done: URL { root.appendingPathComponent("done", isDirectory: true) }
    var quarantine: URL { root.appendingPathComponent("quarantine", isDirectory: true) }
    /// Where the submit endpoint stages an upload before it appears in the inbox.
    var staging: URL { root.appendingPathComponent(".staging", isDirectory: true) }

    /// A file younger than this may still be being written (by a scanner or a copy).
    static let settleSeconds = 1.0

    init(_ root: URL) { self.root = root }

    func create() throws {
        for folder in [root, done, quarantine, staging] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// The files waiting, oldest first: regular files not hidden and not modified in the last
    /// ``settleSeconds`` (write elsewhere and rename into the folder to be picked up at once).
    func waitingFiles(now: Date = Date()) throws -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .contentModificationDateKey]
        let entries = try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        var files: [(URL, Date)] = []
        for entry in entries {
            let values = try? entry.resourceValues(forKeys: Set(keys))
            guard values?.isRegularFile == true, let modified = values?.contentModificationDate,
                  now.timeIntervalSince(modified) >= Self.settleSeconds else { continue }
            files.append((entry, modified))
        }
        return files.sorted { ($0.1, $0.0.lastPathComponent) < ($1.1, $1.0.lastPathComponent) }.map(\.0)
    }

    /// Moves a scan whose case is stored to `done/`, with a receipt naming the case.
    func markDone(_ file: URL, caseNumber: String, created: Bool) throws {
        let target = unique(in: done, name: file.lastPathComponent)
        let receipt = "案件编号 \(caseNumber)\(created ? "" : "（此前已登记）")\ncase \(caseNumber)\n"
        try Data(receipt.utf8).write(to: done.appendingPathComponent(target.lastPathComponent + ".case.txt"))
        try FileManager.default.moveItem(at: file, to: target)
    }

    /// Moves a file that cannot become a case to `quarantine/`, with the reason beside it.
    @discardableResult
    func quarantine(_ file: URL, reason: String) throws -> URL {
        let target = unique(in: quarantine, name: file.lastPathComponent)
        try Data((reason + "\n").utf8).write(to: quarantine.appendingPathComponent(target.lastPathComponent + ".reason.txt"))
        try FileManager.default.moveItem(at: file, to: target)
        return target
    }

    /// `name`, or `name` with a number before its extension when taken.
    private func unique(in folder: URL, name: String) -> URL {
        var candidate = folder.appendingPathComponent(name)
        var counter = 1
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        while FileManager.default.fileExists(atPath: candidate.path) {
            counter += 1
            candidate = folder.appendingPathComponent(ext.isEmpty ? "\(base)-\(counter)" : "\(base)-\(counter).\(ext)")
        }
        return candidate
    }
}
