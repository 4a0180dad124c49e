import Foundation
import PluginKit

/// The plugin's memory, kept in its state folder (`grid-state.json`, written whole and
/// renamed into place after every change): the photos uploaded, the reports and their cases,
/// and every worker's feed. A change is on disk before the request that made it is answered
/// and before the event that made it is acknowledged.
actor GridStore {
    private struct Snapshot: Codable {
        var reports: [String: ReportRecord] = [:]
        var photos: [String: StoredPhoto] = [:]
        var messages: [FeedMessage] = []
        var nextCursor = 1
    }

    private let file: URL
    /// `plugin:NAME`: the actor of the cases this plugin registered.
    private let actorID: String
    private var snapshot: Snapshot
    private var reportByCase: [String: String] = [:]

    init(file: URL, pluginName: String) throws {
        self.file = file
        actorID = "plugin:\(pluginName)"
        if FileManager.default.fileExists(atPath: file.path) {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            snapshot = try decoder.decode(Snapshot.self, from: Data(contentsOf: file))
        } else {
            snapshot = Snapshot()
        }
        for (key, record) in snapshot.reports { reportByCase[record.caseID] = key }
    }

    // MARK: - Photos

    func photo(worker: String, id: String) -> StoredPhoto? { snapshot.photos["\(worker)/\(id)"] }

    func addPhoto(_ photo: StoredPhoto) throws {
        snapshot.photos["\(photo.workerID)/\(photo.sha256)"] = photo
        try save()
    }

    /// The photos a worker uploaded, for the validator (which runs without awaiting).
    func photos(of worker: String) -> [String: StoredPhoto] {
        var mine: [String: StoredPhoto] = [:]
        for photo in snapshot.photos.values where photo.workerID == worker { mine[photo.sha256] = photo }
        return mine
    }

    // MARK: - Reports

    func report(worker: String, id: String) -> ReportRecord? { snapshot.reports[ReportRecord.key(worker: worker, report: id)] }

    /// Records a report's case; a record the events already made (a retry) is kept as it is.
    func recordSubmitted(_ record: ReportRecord) throws {
        guard snapshot.reports[record.key] == nil else { return }
        snapshot.reports[record.key] = record
        reportByCase[record.caseID] = record.key
        try save()
    }

    /// The worker's 核查 decision on one feedback round went through: no longer awaiting it.
    func decided(_ key: String, round: UInt64, state: String) throws -> ReportRecord? {
        guard var record = snapshot.reports[key] else { return nil }
        if record.verificationRound == round, record.awaitingVerification {
            record.awaitingVerification = false
            record.state = state
            snapshot.reports[key] = record
            try save()
        }
        return record
    }

    // MARK: - Events

    /// Applies a case event of one of the worker's reports: updates the record, appends the
    /// feed message. Events of cases no worker reported through this plugin change nothing.
    func apply(_ event: CaseEvent, composer: FeedComposer) throws {
        var key = reportByCase[event.caseID]
        if key == nil, event.type == "registered", event.actor.id == actorID, let record = Self.record(fromRegistration: event) {
            snapshot.reports[record.key] = record
            reportByCase[record.caseID] = record.key
            key = record.key
        }
        guard let key, let current = snapshot.reports[key], let outcome = composer.apply(event, to: current) else { return }
        snapshot.reports[key] = outcome.record
        if var message = outcome.message {
            message.cursor = snapshot.nextCursor
            snapshot.nextCursor += 1
            snapshot.messages.append(message)
        }
        try save()
    }

    /// A report's record rebuilt from its `registered` event (the plugin stopped between the
    /// host storing the case and the plugin storing its answer, or the event came first): the
    /// attributes name the report.
    static func record(fromRegistration event: CaseEvent) -> ReportRecord? {
        let attributes = Dictionary(event.registered.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        guard event.registered.summary.channel == "grid", let worker = attributes[CaseAttributes.worker],
            let report = attributes[CaseAttributes.reportID]
        else { return nil }
        return ReportRecord(
            reportID: report, workerID: worker, caseID: event.caseID, caseNumber: event.caseNumber,
            eventType: attributes[CaseAttributes.eventType] ?? "", grid: attributes[CaseAttributes.grid] ?? "",
            submittedAt: event.at.date, state: event.registered.summary.state, lastPosition: 0)
    }

    // MARK: - Feed

    /// The worker's messages after `cursor`, oldest first, at most `limit`.
    func feed(worker: String, after cursor: Int, limit: Int) -> [FeedMessage] {
        Array(snapshot.messages.lazy.filter { $0.workerID == worker && $0.cursor > cursor }.prefix(limit))
    }

    // MARK: - Disk

    private func save() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(snapshot)
        try data.write(to: file, options: .atomic)
    }
}
