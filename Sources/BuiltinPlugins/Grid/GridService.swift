import Foundation
import PluginKit

/// What the app's requests do: store photos, turn reports into cases, fire the 核查
/// decisions, read the feed. The HTTP layer authenticates and parses; this does the work.
struct GridService: Sendable {
    let plugin: Plugin
    let store: GridStore
    let validator: ReportValidator
    let composer: FeedComposer

    /// The answer to an accepted report.
    struct Accepted: Sendable {
        var record: ReportRecord
        var created: Bool
    }

    // MARK: - Photos

    func storePhoto(_ data: Data, worker: GridWorker, fileName: String?) async throws -> StoredPhoto {
        guard !data.isEmpty else { throw GridError.invalid("photo", limit: "\(GridLimits.maxPhotoBytes) bytes", "照片内容为空") }
        guard let format = PhotoFormat(sniffing: data) else {
            throw GridError.invalid("photo", limit: "image/jpeg | image/png", "照片应为 JPEG 或 PNG 图片")
        }
        let name = Self.safeFileName(fileName, format: format)
        let ref: AttachmentRef
        do {
            ref = try await plugin.uploadAttachment(data, fileName: name, mediaType: format.rawValue)
        } catch {
            throw Self.unavailable(error)
        }
        let photo = StoredPhoto(
            sha256: ref.sha256, workerID: worker.id, fileName: name, mediaType: format.rawValue, sizeBytes: data.count, uploadedAt: Date())
        try await store.addPhoto(photo)
        return photo
    }

    static func safeFileName(_ requested: String?, format: PhotoFormat) -> String {
        let cleaned = (requested ?? "").unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
        let name = String(String.UnicodeScalarView(cleaned.prefix(100)))
        return name.isEmpty || name.hasPrefix(".") ? "photo.\(format.fileExtension)" : name
    }

    // MARK: - Reports

    func submit(_ body: [String: JSONValue], worker: GridWorker) async throws -> Accepted {
        let photos = await store.photos(of: worker.id)
        let report: GridReport
        switch validator.validate(body, worker: worker, photos: { photos[$0] }, now: Date()) {
        case .success(let valid): report = valid
        case .failure(let errors): throw errors
        }
        let answer: SubmitResponse
        do {
            answer = try await plugin.submit(report.submission)
        } catch let error as PluginKitError where error.code == .host && error.hostCode == "invalid_field" {
            // The daemon's own rules (a case attribute too long, ...): the app's field is unknown.
            throw GridError.invalid(error.field ?? "report", limit: error.limit, "案件登记未通过：\(error.message)")
        } catch {
            throw Self.unavailable(error)
        }
        let record = ReportRecord(
            reportID: report.reportID, workerID: worker.id, caseID: answer.caseID, caseNumber: answer.caseNumber,
            eventType: report.eventType.code, grid: report.cell.grid, submittedAt: Date(), state: answer.state)
        try await store.recordSubmitted(record)
        plugin.log(
            .info, answer.created ? "report registered" : "report repeated",
            metadata: ["case": answer.caseNumber, "worker": worker.id, "event_type": report.eventType.code, "cell": report.cell.grid])
        return Accepted(record: await store.report(worker: worker.id, id: report.reportID) ?? record, created: answer.created)
    }

    func report(_ id: String, worker: GridWorker) async throws -> ReportRecord {
        guard let record = await store.report(worker: worker.id, id: id) else {
            throw GridError(.notFound, field: "report_id", "本网格员没有编号为 `\(id.prefix(64))` 的上报")
        }
        return record
    }

    // MARK: - Verification (核查)

    /// The worker's 核查 decision on the handler's feedback: `confirm` fires `verify_pass`,
    /// `reject` fires `verify_fail` (back to 处置). Keyed on the feedback round, so a repeat of
    /// the same decision changes nothing.
    func verify(_ id: String, decision: String, note: String, worker: GridWorker) async throws -> ReportRecord {
        let record = try await report(id, worker: worker)
        let command: String
        let fields: [String: String]
        switch decision {
        case "confirm":
            command = "verify_pass"
            fields = ["check_note": note.isEmpty ? "网格员现场核查，确认已处置" : note]
        case "reject":
            guard !note.isEmpty else {
                throw GridError.invalid("note", limit: "1–\(GridLimits.maxVerificationNoteCharacters) characters", "退回时须填写未通过原因 note")
            }
            command = "verify_fail"
            fields = ["reason": note]
        default:
            throw GridError.invalid("decision", limit: "confirm | reject", "核查结论 decision 应为 confirm（确认已处置）或 reject（退回重新处置）")
        }
        guard note.count <= GridLimits.maxVerificationNoteCharacters else {
            throw GridError.invalid("note", limit: "\(GridLimits.maxVerificationNoteCharacters) characters", "核查说明 note 有\(note.count)个字，超过\(GridLimits.maxVerificationNoteCharacters)个字的上限")
        }
        guard record.awaitingVerification else {
            throw GridError(.conflict, field: "report_id", "案件 \(record.caseNumber) 目前没有待核查的处置反馈（状态：\(record.state)）")
        }
        let outcome: CommandOutcome
        do {
            let key = "grid:verify:\(worker.id):\(record.reportID):\(record.verificationRound)"
            outcome = try await plugin.command(command, onCase: record.caseID, fields: fields, idempotencyKey: key)
        } catch let error as PluginKitError where error.code == .host && ["command_not_allowed", "rule_refused"].contains(error.hostCode) {
            throw GridError(.conflict, field: "report_id", "案件 \(record.caseNumber) 现在不能核查：\(error.message)")
        } catch let error as PluginKitError where error.code == .host && error.hostCode == "invalid_field" {
            throw GridError.invalid("note", limit: error.limit, "核查说明未通过：\(error.message)")
        } catch {
            throw Self.unavailable(error)
        }
        plugin.log(.info, "verification \(decision)", metadata: ["case": record.caseNumber, "worker": worker.id])
        return try await store.decided(record.key, round: record.verificationRound, state: outcome.state) ?? record
    }

    // MARK: - Events

    /// Applies one delivery to the feed, then acknowledges it (a crash in between only
    /// means it comes again, and the record's position skips it).
    func handle(_ delivery: PluginDelivery) async throws {
        try await store.apply(delivery.event, composer: composer)
        try plugin.ack(delivery)
    }

    static func unavailable(_ error: any Error) -> GridError {
        if let error = error as? GridError { return error }
        return GridError(.unavailable, field: "", "服务暂时不可用，请稍后用同一 report_id 重试（\(error)）")
    }
}
