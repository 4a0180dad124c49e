import Foundation
import Testing

@testable import SurveyPlugin

@Suite struct SurveyConfigurationTests {
    let minimal = ["sms_url": "http://127.0.0.1:9/sms", "sms_account": "acc", "sms_secret": "s3cret"]

    @Test func defaultsFitTheHotlineWorkflow() throws {
        let configuration = try SurveyConfiguration(config: minimal, environment: [:])
        #expect(configuration.steps.commands == ["survey", "evaluate", "redo"])
        #expect(configuration.steps.eventTypes == ["reply_approved", "answered_directly", "deadline_started"])
        #expect(configuration.completedStates == ["completed", "closed"])
        #expect(configuration.listenHost == "127.0.0.1" && configuration.listenPort == 8470)
        #expect(configuration.linkValidity == 72 * 3_600)
    }

    @Test func errorsNameTheKeyAndTheLimit() {
        #expect(message(["sms_account": "acc", "sms_secret": "s"]).contains("config.sms_url"))
        #expect(message(minimal.merging(["sms_url": "ftp://x"]) { _, b in b }).contains("config.sms_url"))
        #expect(message(minimal.merging(["link_valid_hours": "0"]) { _, b in b }).contains("from 1 to 720"))
        #expect(message(minimal.merging(["listen": "8470"]) { _, b in b }).contains("config.listen"))
        #expect(message(minimal.filter { $0.key != "sms_secret" }).contains("sms_secret"))
    }

    @Test func theSecretMayComeFromTheEnvironment() throws {
        let configuration = try SurveyConfiguration(config: minimal.filter { $0.key != "sms_secret" }, environment: ["SURVEY_SMS_SECRET": "env"])
        #expect(configuration.smsSecret == "env")
    }

    @Test func aWorkflowThatRaisesSupervisionInstead() throws {
        let configuration = try SurveyConfiguration(
            config: minimal, environment: ["SURVEY_REOPEN_COMMAND": "supervise", "SURVEY_REOPEN_FIELDS": "supervision=supervise", "SURVEY_CONTACT_COMMAND": ""])
        #expect(configuration.steps.commands == ["evaluate", "supervise"])
        #expect(configuration.steps.reopenFields == ["supervision": "supervise"])
    }

    @Test func backoffDoublesUpToTheMaximum() throws {
        let configuration = try SurveyConfiguration(
            config: minimal.merging(["retry_initial_seconds": "10", "retry_max_seconds": "60"]) { _, b in b }, environment: [:])
        #expect([1, 2, 3, 4, 9].map { configuration.backoff(afterAttempts: $0) } == [10, 20, 40, 60, 60])
    }

    private func message(_ config: [String: String]) -> String {
        do {
            _ = try SurveyConfiguration(config: config, environment: [:])
            return ""
        } catch {
            return "\(error)"
        }
    }
}
