import Foundation
import PluginKit
import Synchronization

/// Does each survey's due work, one step at a time, saving after each so a restart resumes:
/// sends the SMS (reading the phone through an audited contact request), records answers on
/// the case as workflow commands, and closes surveys nobody answered.
struct SurveyWorker: Sendable {
    let plugin: Plugin
    let store: SurveyStore
    let signer: LinkSigner
    let gateway: SMSGateway
    let configuration: SurveyConfiguration
    /// The links' base URL, known once the web page listens.
    let linkBase: LinkBase
    let clock: @Sendable () -> Date

    /// The reason recorded on the case when the plugin reads the phone number.
    static let contactReason = "回访：向信访人（来电人）发送满意度评价短信"

    /// Works through every survey with work due now.
    func runDue() async {
        for survey in await store.due(at: clock()) {
            if Task.isCancelled { return }
            do {
                switch survey.status {
                case .scheduled: try await send(survey)
                case .sent: try await closeUnanswered(survey, note: "短信回访链接已过期，未收到评价")
                case .answered: try await record(survey)
                case .recorded, .unanswered, .abandoned: break
                }
            } catch {
                plugin.log(.error, "survey \(survey.id): cannot save its state: \(error)", metadata: ["case": survey.caseNumber])
            }
        }
    }

    // MARK: - Sending

    private func send(_ survey: SurveyRecord) async throws {
        guard let base = linkBase.value else { return }  // not listening yet
        let petitioner: Petitioner
        do {
            petitioner = try await plugin.contact(ofCase: survey.caseID, reason: Self.contactReason)
        } catch let error as PluginKitError {
            return try await failed(survey, error, step: "contact request")
        }
        guard let phone = MobileNumber.normalize(petitioner.phone) else {
            plugin.log(
                .warning, "survey \(survey.id): the petitioner has no mobile number; closing as unreachable",
                metadata: ["case": survey.caseNumber])
            return try await closeUnanswered(survey, note: "信访人（来电人）无可接收短信的手机号码")
        }
        // The expiry is saved before the SMS goes out: a link that was sent is always one the
        // store can check, and a resend after a crash carries the same link.
        let now = clock()
        let fresh = Date(timeIntervalSince1970: (now + configuration.linkValidity).timeIntervalSince1970.rounded(.down))
        let expiry = survey.expiresAt.flatMap { $0 > now ? $0 : nil } ?? fresh
        try await store.update(survey.id) { $0.expiresAt = expiry }
        let token = signer.token(caseNumber: survey.caseNumber, surveyID: survey.id, expiry: expiry)
        let link = base + SurveyWebServer.path(token: token)
        let hours = Int((configuration.linkValidity / 3_600).rounded())
        let message = SMSGateway.Message(
            phone: phone, signName: configuration.smsSignName, templateID: configuration.smsTemplate,
            templateParams: ["case_number": survey.caseNumber, "link": link, "hours": String(hours)],
            content: SMSGateway.text(signName: configuration.smsSignName, caseNumber: survey.caseNumber, link: link, validHours: hours),
            outID: survey.id)
        let messageID: String
        do {
            messageID = try await gateway.send(message, now: now)
        } catch {
            let attempts = survey.attempts + 1
            if error.permanent || attempts >= configuration.maxSendAttempts {
                plugin.log(.warning, "survey \(survey.id): giving up sending: \(error)", metadata: ["case": survey.caseNumber])
                return try await closeUnanswered(survey, note: "回访短信发送失败")
            }
            return try await retryLater(survey, attempts: attempts, error: error.description)
        }
        try await store.update(survey.id) {
            $0.status = .sent
            $0.attempts = 0
            $0.nextAttemptAt = nil
            $0.lastError = nil
        }
        plugin.log(.info, "survey \(survey.id): SMS sent", metadata: ["case": survey.caseNumber, "message_id": messageID])
    }

    // MARK: - Recording on the case

    /// Records the answer: 回访 reached, 评价 with the satisfaction, and for 不满意 the
    /// workflow's reopening command (重办, or 督办).
    private func record(_ survey: SurveyRecord) async throws {
        guard let satisfaction = survey.satisfaction else { return }
        let steps = configuration.steps
        let comment = survey.comment ?? ""
        var planned: [(name: String, command: String, fields: [String: String])] = [
            ("contact", steps.contact, ["contact": "reached", "method": "sms"]),
            ("evaluate", steps.evaluate, ["satisfaction": satisfaction.rawValue].merging(comment.isEmpty ? [:] : ["comment": comment]) { a, _ in a }),
        ]
        if satisfaction == .dissatisfied {
            let reason = "回访不满意：" + (comment.isEmpty ? "信访人（来电人）对办理结果不满意" : comment)
            planned.append(("reopen", steps.reopen, steps.reopenFields.merging(["reason": reason]) { _, new in new }))
        }
        var current = survey
        for step in planned where !current.stepsDone.contains(step.name) {
            guard !step.command.isEmpty else {
                current = try await markDone(current, step.name)
                continue
            }
            do {
                let outcome = try await plugin.command(
                    step.command, onCase: survey.caseID, fields: step.fields, idempotencyKey: "survey:\(survey.id):\(step.name)")
                plugin.log(.info, "survey \(survey.id): \(step.command) recorded, case now \(outcome.state)", metadata: ["case": survey.caseNumber])
                current = try await markDone(current, step.name)
            } catch let error as PluginKitError where Self.isRefusal(error) {
                // The case moved on: a person surveyed it first (then the 评价 still counts), or
                // a rule said no. Recorded as far as the workflow allows.
                plugin.log(.warning, "survey \(survey.id): \(step.command) refused: \(error)", metadata: ["case": survey.caseNumber])
                if step.name == "contact" {
                    current = try await markDone(current, step.name)
                    continue
                }
                try await store.update(survey.id) {
                    $0.status = step.name == "evaluate" ? .abandoned : .recorded
                    $0.lastError = error.description
                }
                return
            } catch let error as PluginKitError {
                return try await retryLater(current, attempts: current.attempts + 1, error: "\(step.command): \(error)")
            }
        }
        try await store.update(survey.id) {
            $0.status = .recorded
            $0.attempts = 0
            $0.nextAttemptAt = nil
            $0.lastError = nil
        }
    }

    private func markDone(_ survey: SurveyRecord, _ step: String) async throws -> SurveyRecord {
        try await store.update(survey.id) {
            if !$0.stepsDone.contains(step) { $0.stepsDone.append(step) }
            $0.attempts = 0
        } ?? survey
    }

    /// Records 回访 as not reached (no mobile number, the SMS failed, or no answer before the
    /// link expired), so a person takes over by phone.
    private func closeUnanswered(_ survey: SurveyRecord, note: String) async throws {
        let command = configuration.steps.contact
        if !command.isEmpty {
            do {
                _ = try await plugin.command(
                    command, onCase: survey.caseID, fields: ["contact": "unreachable", "method": "sms", "note": note],
                    idempotencyKey: "survey:\(survey.id):contact")
            } catch let error as PluginKitError where Self.isRefusal(error) {
                plugin.log(.warning, "survey \(survey.id): \(command) refused: \(error)", metadata: ["case": survey.caseNumber])
                try await store.update(survey.id) {
                    $0.status = .abandoned
                    $0.lastError = error.description
                }
                return
            } catch let error as PluginKitError {
                return try await retryLater(survey, attempts: survey.attempts + 1, error: "\(command): \(error)")
            }
        }
        try await store.update(survey.id) {
            $0.status = .unanswered
            $0.stepsDone.append("contact")
            $0.lastError = note
            $0.nextAttemptAt = nil
        }
        plugin.log(.info, "survey \(survey.id): closed without an answer", metadata: ["case": survey.caseNumber])
    }

    private func failed(_ survey: SurveyRecord, _ error: PluginKitError, step: String) async throws {
        if Self.isRefusal(error) || error.hostCode == "not_granted" {
            plugin.log(.error, "survey \(survey.id): \(step) refused: \(error)", metadata: ["case": survey.caseNumber])
            try await store.update(survey.id) {
                $0.status = .abandoned
                $0.lastError = error.description
            }
            return
        }
        try await retryLater(survey, attempts: survey.attempts + 1, error: "\(step): \(error)")
    }

    private func retryLater(_ survey: SurveyRecord, attempts: Int, error: String) async throws {
        let delay = configuration.backoff(afterAttempts: attempts)
        plugin.log(.warning, "survey \(survey.id): \(error); retrying in \(Int(delay)) s", metadata: ["case": survey.caseNumber])
        try await store.update(survey.id) {
            $0.attempts = attempts
            $0.nextAttemptAt = clock() + delay
            $0.lastError = error
        }
    }

    /// The host's answers that a retry cannot change.
    private static func isRefusal(_ error: PluginKitError) -> Bool {
        error.code == .host && ["command_not_allowed", "rule_refused", "not_found", "invalid_field"].contains(error.hostCode)
    }
}

/// The links' base URL, set once the web page listens (the config may ask for port 0).
final class LinkBase: Sendable {
    private let base = Mutex<String?>(nil)
    var value: String? { base.withLock { $0 } }
    func set(_ value: String) { base.withLock { $0 = value } }
}

/// Mainland China mobile numbers, the only ones an SMS reaches.
enum MobileNumber {
    /// `13812345678` from `138 1234 5678`, `+86 138-1234-5678`, `8613812345678`; nil when not a mobile number.
    static func normalize(_ text: String) -> String? {
        var digits = text.filter { !" -()".contains($0) }
        if digits.hasPrefix("+86") {
            digits.removeFirst(3)
        } else if digits.hasPrefix("0086") {
            digits.removeFirst(4)
        } else if digits.hasPrefix("86"), digits.count == 13 {
            digits.removeFirst(2)
        }
        guard digits.count == 11, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.hasPrefix("1"),
            let second = digits.dropFirst().first, "3456789".contains(second)
        else { return nil }
        return digits
    }
}
