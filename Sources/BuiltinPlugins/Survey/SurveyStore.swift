import Foundation

/// The plugin's surveys, kept in `surveys.json` in its state folder and rewritten atomically
/// (a temporary file renamed over the old one) after every change, so a survey scheduled,
/// sent or answered survives a crash of the plugin or a restart of the daemon.
actor SurveyStore {
    /// Finished surveys are kept this long, so a reused link still gets a clear answer.
    static let retention: TimeInterval = 180 * 86_400

    private let file: URL
    private var surveys: [String: SurveyRecord] = [:]

    /// Opens the store in `directory`, reading what an earlier run left.
    init(directory: URL) throws {
        file = directory.appendingPathComponent("surveys.json")
        if FileManager.default.fileExists(atPath: file.path) {
            let stored = try JSONDecoder.survey.decode(Stored.self, from: Data(contentsOf: file))
            surveys = Dictionary(stored.surveys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private struct Stored: Codable {
        var surveys: [SurveyRecord]
    }

    /// Adds a survey unless the same 办结 has one already; true when added.
    func schedule(_ survey: SurveyRecord) throws -> Bool {
        guard !surveys.values.contains(where: { $0.key == survey.key }) else { return false }
        surveys[survey.id] = survey
        try save()
        return true
    }

    func survey(_ id: String) -> SurveyRecord? { surveys[id] }

    /// All surveys, oldest 办结 first.
    func all() -> [SurveyRecord] { surveys.values.sorted { ($0.completedAt, $0.id) < ($1.completedAt, $1.id) } }

    /// Surveys with work due at `now`, oldest first.
    func due(at now: Date) -> [SurveyRecord] { all().filter { $0.isDue(at: now) } }

    /// The earliest time a survey will have work, for the scheduler's sleep.
    func nextWakeUp() -> Date? {
        surveys.values.compactMap { survey -> Date? in
            let base: Date? =
                switch survey.status {
                case .scheduled: survey.sendAt
                case .sent: survey.expiresAt
                case .answered: .distantPast
                case .recorded, .unanswered, .abandoned: nil
                }
            guard let base else { return nil }
            return max(base, survey.nextAttemptAt ?? .distantPast)
        }.min()
    }

    /// Changes one survey and saves.
    @discardableResult
    func update(_ id: String, _ change: (inout SurveyRecord) -> Void) throws -> SurveyRecord? {
        guard var survey = surveys[id] else { return nil }
        change(&survey)
        surveys[id] = survey
        try save()
        return survey
    }

    /// The workflow's 回访 limit for a case's open surveys: a survey due later is brought forward.
    func limit(caseID: String, dueAt: Date, sendMargin: TimeInterval) throws {
        var changed = false
        for (id, var survey) in surveys where survey.caseID == caseID && survey.status == .scheduled {
            survey.surveyDueAt = dueAt
            let latest = max(survey.completedAt, dueAt.addingTimeInterval(-sendMargin))
            if survey.sendAt > latest { survey.sendAt = latest }
            surveys[id] = survey
            changed = true
        }
        if changed { try save() }
    }

    /// What became of an answer.
    enum AnswerOutcome: Equatable, Sendable {
        case accepted(SurveyRecord)
        /// Answered before: a link works once.
        case alreadyAnswered
        case expired
        /// Closed without an answer (recorded as 未联系上, or given up).
        case closed
    }

    /// Records an answer if the survey is still open: checked and saved as one step, so two
    /// answers racing on one link cannot both be taken.
    func answer(_ id: String, satisfaction: Satisfaction, comment: String, at now: Date) throws -> AnswerOutcome {
        guard let survey = surveys[id] else { return .closed }
        switch survey.status {
        case .answered, .recorded: return .alreadyAnswered
        case .unanswered, .abandoned, .scheduled: return .closed
        case .sent: break
        }
        guard let expiry = survey.expiresAt, expiry > now else { return .expired }
        let updated = try update(id) {
            $0.status = .answered
            $0.satisfaction = satisfaction
            $0.comment = comment
            $0.answeredAt = now
            $0.attempts = 0
            $0.nextAttemptAt = nil
            $0.lastError = nil
        }
        return .accepted(updated ?? survey)
    }

    /// Forgets finished surveys older than the retention.
    func prune(now: Date) throws {
        let before = surveys.count
        surveys = surveys.filter { _, survey in
            switch survey.status {
            case .recorded, .unanswered, .abandoned: return survey.completedAt.addingTimeInterval(Self.retention) > now
            case .scheduled, .sent, .answered: return true
            }
        }
        if surveys.count != before { try save() }
    }

    private func save() throws {
        let data = try JSONEncoder.survey.encode(Stored(surveys: all()))
        try data.write(to: file, options: [.atomic])
    }
}

extension JSONEncoder {
    static var survey: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }
}

extension JSONDecoder {
    static var survey: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
