import Crypto
import Foundation
import PluginKit

/// Turns scans in the inbox into cases, one file at a time: read it (or quarantine it with
/// the reason), store the scan, submit the case keyed on the scan's content hash, and only
/// then move the file to `done/`. A crash anywhere leaves the file in the inbox; the next
/// run submits it again under the same key and gets the case the first run created.
actor LetterIntake {
    /// What became of one file.
    enum Outcome: Sendable {
        case registered(caseNumber: String, created: Bool, uncertain: [String])
        case quarantined(reason: String, error: ScanError?)
        /// Left in the inbox for the next attempt (the host went away or failed inside).
        case retryLater(String)
        /// Another task is already on this file.
        case busy
    }

    private let plugin: Plugin
    private let reader: LetterReader
    let inbox: InboxFolder
    private var working: Set<String> = []

    init(plugin: Plugin, reader: LetterReader, inbox: InboxFolder) {
        self.plugin = plugin
        self.reader = reader
        self.inbox = inbox
    }

    /// Processes every settled file in the inbox.
    func processWaiting() async {
        guard let files = try? inbox.waitingFiles() else { return }
        for file in files where !Task.isCancelled {
            _ = await process(file)
        }
    }

    func process(_ file: URL) async -> Outcome {
        let path = file.standardizedFileURL.path
        guard working.insert(path).inserted else { return .busy }
        defer { working.remove(path) }
        let outcome = await handle(file)
        switch outcome {
        case .registered(let number, let created, let uncertain):
            plugin.log(.info, "scan registered", metadata: [
                "case": number, "created": "\(created)", "to_confirm": uncertain.joined(separator: ","),
            ])
        case .quarantined(let reason, _):
            plugin.log(.warning, "scan quarantined", metadata: ["file": file.lastPathComponent, "reason": reason])
        case .retryLater(let reason):
            plugin.log(.warning, "scan left for a later attempt", metadata: ["file": file.lastPathComponent, "reason": reason])
        case .busy:
            break
        }
        return outcome
    }

    private func handle(_ file: URL) async -> Outcome {
        let data: Data
        do {
            data = try Self.readBounded(file)
        } catch let error as ScanError {
            return quarantine(file, error)
        } catch {
            return .retryLater("the file could not be read: \(error)")
        }
        let sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let letter: LetterReader.Letter
        do {
            letter = try await reader.read(data)
        } catch let error as ScanError {
            return quarantine(file, error)
        } catch {
            return .retryLater("OCR failed: \(error)")
        }
        do {
            let stored = try await plugin.uploadAttachment(
                data, fileName: attachmentName(file, format: letter.format), mediaType: letter.format.mediaType)
            let submission = LetterSubmission.make(letter: letter, scan: stored, sha256: sha256)
            let answer = try await plugin.submit(submission)
            try inbox.markDone(file, caseNumber: answer.caseNumber, created: answer.created)
            return .registered(caseNumber: answer.caseNumber, created: answer.created, uncertain: submission.uncertainFields)
        } catch let error as PluginKitError where error.code == .host && error.hostCode != "internal" {
            // The host refused the case itself (a field over a limit): it will refuse it again.
            let reason = "系统拒绝登记：\(error.message)\nrefused by the host: \(error.description)"
            do {
                try inbox.quarantine(file, reason: reason)
            } catch {
                return .retryLater("could not quarantine: \(error)")
            }
            return .quarantined(reason: error.description, error: nil)
        } catch {
            return .retryLater("\(error)")
        }
    }

    private func quarantine(_ file: URL, _ error: ScanError) -> Outcome {
        do {
            try inbox.quarantine(file, reason: Self.reason(error))
        } catch {
            return .retryLater("could not quarantine: \(error)")
        }
        return .quarantined(reason: error.description, error: error)
    }

    /// The reason file's text: a sentence for the clerk, then the technical detail.
    static func reason(_ error: ScanError) -> String {
        let sentence: String
        switch error.code {
        case .tooLarge: sentence = "文件超出限制，无法识别"
        case .unsupportedFormat: sentence = "不是可识别的扫描件格式（仅支持PNG、JPEG、TIFF、PDF）"
        case .empty: sentence = "文件为空或没有页面"
        default: sentence = "文件已损坏，无法读取"
        }
        return "\(sentence)。\n\(error.description)"
    }

    /// Reads a file, refusing one over ``ScanLimits/maxScanBytes`` without reading it whole.
    static func readBounded(_ file: URL) throws -> Data {
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= ScanLimits.maxScanBytes else {
            throw ScanError(
                code: .tooLarge, field: "scan.bytes", message: "the file has \(size) bytes, more than maxScanBytes",
                limit: "\(ScanLimits.maxScanBytes) bytes")
        }
        return try Data(contentsOf: file)
    }

    private func attachmentName(_ file: URL, format: ScanFormat) -> String {
        let name = file.lastPathComponent
        return name.utf8.count <= 200 ? name : "scan.\(format.fileExtension)"
    }
}
