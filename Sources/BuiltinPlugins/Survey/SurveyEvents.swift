import Foundation
import PluginKit

/// Turns the outbox's events into surveys: a transition into a 办结 state schedules one, and
/// the workflow's 回访 clock (`deadline_started` for the `survey` deadline) brings its send
/// time inside the limit. Each delivery is acknowledged only after the store saved it.
struct SurveyEvents: Sendable {
    let plugin: Plugin
    let store: SurveyStore
    let configuration: SurveyConfiguration

    /// Handles one delivery; true when a survey's schedule changed.
    func handle(_ delivery: PluginDelivery) async throws -> Bool {
        let event = delivery.event
        var changed = false
        if event.type == "deadline_started", event.hasDeadline, event.deadline.id == configuration.surveyDeadline, event.deadline.hasDueAt {
            try await store.limit(caseID: event.caseID, dueAt: event.deadline.dueAt.date, sendMargin: configuration.sendMargin)
            changed = true
        } else if !event.toState.isEmpty, configuration.completedStates.contains(event.toState) {
            let completedAt = event.at.date
            let survey = SurveyRecord(
                id: SurveyID.make(), caseID: event.caseID, caseNumber: event.caseNumber, completedVersion: event.version,
                completedAt: completedAt, sendAt: completedAt + configuration.sendDelay, status: .scheduled)
            if try await store.schedule(survey) {
                plugin.log(.info, "survey \(survey.id) scheduled after \(event.type)", metadata: ["case": event.caseNumber])
                changed = true
            }
        }
        try plugin.ack(delivery)
        return changed
    }
}
