import Foundation

/// The survey's settings: the manifest's `config` (handed over in Welcome) and the workflow
/// steps, which come from the environment because the plugin asks for them in its handshake,
/// before the config arrives. docs/survey.md lists every key.
struct SurveyConfiguration: Sendable {
    // The SMS gateway.
    var smsURL: URL
    var smsAccount: String
    var smsSecret: String
    var smsSignName: String
    var smsTemplate: String
    // The web page.
    var listenHost: String
    var listenPort: Int
    /// The links' base, e.g. `https://hf.example.gov.cn/survey`; nil: `http://` + the bound address.
    var publicURL: String?
    // Timing.
    var sendDelay: TimeInterval
    var linkValidity: TimeInterval
    var sendMargin: TimeInterval
    var retryInitial: TimeInterval
    var retryMax: TimeInterval
    var maxSendAttempts: Int
    var poll: Duration
    // The workflow.
    var completedStates: Set<String>
    var surveyDeadline: String
    var steps: SurveySteps

    /// Reads and checks the config; the error names the key and the limit.
    init(config: [String: String], environment: [String: String]) throws {
        let reader = ConfigReader(config: config)
        smsURL = try reader.url("sms_url")
        smsAccount = try reader.text("sms_account", maxLength: 64)
        guard let secret = config["sms_secret"] ?? environment["SURVEY_SMS_SECRET"], !secret.isEmpty else {
            throw SurveyError("config.sms_secret: required (or the environment variable SURVEY_SMS_SECRET)")
        }
        smsSecret = secret
        smsSignName = try reader.text("sms_sign_name", default: "12345热线", maxLength: 20)
        smsTemplate = try reader.text("sms_template", default: "SURVEY_LINK", maxLength: 64)
        (listenHost, listenPort) = try reader.address("listen", default: "127.0.0.1:8470")
        publicURL = try reader.optionalURL("public_url")?.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        sendDelay = TimeInterval(try reader.integer("send_delay_minutes", default: 60, range: 0...10_080)) * 60
        linkValidity = TimeInterval(try reader.integer("link_valid_hours", default: 72, range: 1...720)) * 3_600
        sendMargin = TimeInterval(try reader.integer("send_margin_minutes", default: 120, range: 0...1_440)) * 60
        retryInitial = TimeInterval(try reader.integer("retry_initial_seconds", default: 30, range: 1...3_600))
        retryMax = TimeInterval(try reader.integer("retry_max_seconds", default: 3_600, range: 1...86_400))
        maxSendAttempts = try reader.integer("max_send_attempts", default: 10, range: 1...100)
        poll = .milliseconds(try reader.integer("poll_ms", default: 1_000, range: 10...60_000))
        completedStates = Set(try reader.list("completed_states", default: "completed,closed"))
        surveyDeadline = try reader.text("survey_deadline", default: "survey", maxLength: 64)
        steps = SurveySteps(environment: environment)
    }

    /// The delay before attempt `attempts` + 1: doubling from the initial delay up to the maximum.
    func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(retryMax, retryInitial * pow(2, Double(max(0, attempts - 1))))
    }
}

/// The workflow commands a survey fires and the events it listens to. The defaults fit
/// `hotline12345` (回访 `survey`, 评价 `evaluate`, 重办 `redo`); an empty command skips the step.
struct SurveySteps: Sendable, Hashable {
    /// 回访: records that the petitioner was reached (`contact: reached|unreachable`).
    var contact: String
    /// 评价: records `satisfaction` and the `comment`.
    var evaluate: String
    /// For 不满意: reopens the case (重办) or raises 督办, as the workflow says, with a `reason`.
    var reopen: String
    /// Fields the reopen command needs beyond `reason` (`supervision=supervise` for 督办).
    var reopenFields: [String: String]
    /// Event types the plugin asks for: the 办结 events and `deadline_started`.
    var eventTypes: [String]

    init(environment: [String: String]) {
        contact = environment["SURVEY_CONTACT_COMMAND"] ?? "survey"
        evaluate = environment["SURVEY_EVALUATE_COMMAND"] ?? "evaluate"
        reopen = environment["SURVEY_REOPEN_COMMAND"] ?? "redo"
        reopenFields = Dictionary(
            (environment["SURVEY_REOPEN_FIELDS"] ?? "").split(separator: ",").compactMap { pair -> (String, String)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                return (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            }, uniquingKeysWith: { first, _ in first })
        eventTypes = (environment["SURVEY_EVENT_TYPES"] ?? "reply_approved,answered_directly,deadline_started")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The commands to ask for in the handshake.
    var commands: [String] { [contact, evaluate, reopen].filter { !$0.isEmpty } }
}

/// Reads typed values from the manifest's string config, naming the key in every error.
private struct ConfigReader {
    let config: [String: String]

    func text(_ key: String, default fallback: String? = nil, maxLength: Int) throws -> String {
        guard let value = config[key] ?? fallback, !value.isEmpty else { throw SurveyError("config.\(key): required") }
        guard value.count <= maxLength else {
            throw SurveyError("config.\(key): is \(value.count) characters, over the limit of \(maxLength)")
        }
        return value
    }

    func url(_ key: String) throws -> URL {
        guard let url = try optionalURL(key) else { throw SurveyError("config.\(key): required (an http or https URL)") }
        return url
    }

    func optionalURL(_ key: String) throws -> URL? {
        guard let value = config[key], !value.isEmpty else { return nil }
        guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw SurveyError("config.\(key): `\(value)` is not an http or https URL")
        }
        return url
    }

    func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let value = config[key] else { return fallback }
        guard let number = Int(value), range.contains(number) else {
            throw SurveyError("config.\(key): `\(value)` must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func list(_ key: String, default fallback: String) throws -> [String] {
        let items = (config[key] ?? fallback).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw SurveyError("config.\(key): needs at least one state id") }
        return items
    }

    func address(_ key: String, default fallback: String) throws -> (String, Int) {
        let value = config[key] ?? fallback
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), (0...65_535).contains(port),
            colon != value.startIndex
        else {
            throw SurveyError("config.\(key): `\(value)` must be HOST:PORT (port 0 to 65535)")
        }
        return (String(value[..<colon]), port)
    }
}
