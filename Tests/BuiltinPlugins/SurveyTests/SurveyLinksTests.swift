import Foundation
import Testing

@testable import SurveyPlugin

/// The one-time links over a real store in a temporary folder: open, answered once, expired,
/// and all of it kept across a restart (a new store on the same folder).
@Suite struct SurveyLinksTests {
    let folder: URL
    let signer = LinkSigner(key: Data(repeating: 3, count: 32))
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("survey-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A survey whose SMS went out, and its link.
    private func sentSurvey(_ store: SurveyStore, case number: String = "XF-2026-000007", validFor: TimeInterval = 3_600) async throws -> (SurveyRecord, String) {
        var survey = SurveyRecord(
            id: SurveyID.make(), caseID: UUID().uuidString, caseNumber: number, completedVersion: 9, completedAt: now - 60, sendAt: now - 60,
            status: .scheduled)
        #expect(try await store.schedule(survey))
        survey = try #require(try await store.update(survey.id) {
            $0.status = .sent
            $0.expiresAt = now + validFor
        })
        return (survey, signer.token(caseNumber: number, surveyID: survey.id, expiry: now + validFor))
    }

    @Test func anOpenLinkShowsTheFormAndTakesOneAnswer() async throws {
        let store = try SurveyStore(directory: folder)
        let links = SurveyLinks(signer: signer, store: store)
        let (survey, token) = try await sentSurvey(store)
        #expect(await links.check(token, now: now) == .open(survey))

        let first = try await links.submit(token, form: ["satisfaction": "dissatisfied", "comment": "路灯仍然不亮"], now: now)
        guard case .accepted(let answered) = first else { Issue.record("not accepted: \(first)"); return }
        #expect(answered.status == .answered)
        #expect(answered.satisfaction == .dissatisfied)
        #expect(answered.comment == "路灯仍然不亮")

        let second = try await links.submit(token, form: ["satisfaction": "satisfied"], now: now + 1)
        #expect(second == .refused(.used))
        #expect(await links.check(token, now: now + 2) == .refused(.used))
        #expect(await store.survey(survey.id)?.satisfaction == .dissatisfied, "the second answer changed nothing")
    }

    @Test func anInvalidFormLeavesTheLinkOpen() async throws {
        let store = try SurveyStore(directory: folder)
        let links = SurveyLinks(signer: signer, store: store)
        let (survey, token) = try await sentSurvey(store)
        let tooLong = String(repeating: "长", count: SurveyLimits.commentCharacters + 1)
        let refused = try await links.submit(token, form: ["satisfaction": "satisfied", "comment": tooLong], now: now)
        guard case .invalid(_, let problem) = refused else { Issue.record("not refused: \(refused)"); return }
        #expect(problem.field == "comment")
        #expect(await store.survey(survey.id)?.status == .sent)
        guard case .accepted = try await links.submit(token, form: ["satisfaction": "satisfied"], now: now) else {
            Issue.record("a valid answer after an invalid one was not taken")
            return
        }
    }

    @Test func anExpiredLinkIsRefused() async throws {
        let store = try SurveyStore(directory: folder)
        let links = SurveyLinks(signer: signer, store: store)
        let (survey, token) = try await sentSurvey(store, validFor: 600)
        #expect(await links.check(token, now: now + 600) == .refused(.expired))
        #expect(try await links.submit(token, form: ["satisfaction": "satisfied"], now: now + 601) == .refused(.expired))
        #expect(await store.survey(survey.id)?.status == .sent)
    }

    @Test func forgedAndStaleLinksAreInvalid() async throws {
        let store = try SurveyStore(directory: folder)
        let links = SurveyLinks(signer: signer, store: store)
        let (survey, _) = try await sentSurvey(store, case: "XF-2026-000007")
        let otherCase = signer.token(caseNumber: "XF-2026-000008", surveyID: survey.id, expiry: now + 3_600)
        #expect(await links.check(otherCase, now: now) == .refused(.invalid))
        let otherKey = LinkSigner(key: Data(repeating: 4, count: 32)).token(caseNumber: "XF-2026-000007", surveyID: survey.id, expiry: now + 3_600)
        #expect(await links.check(otherKey, now: now) == .refused(.invalid))
        let longer = signer.token(caseNumber: "XF-2026-000007", surveyID: survey.id, expiry: now + 7_200)
        #expect(await links.check(longer, now: now) == .refused(.invalid), "only the expiry stored with the survey is valid")
        let unknown = signer.token(caseNumber: "XF-2026-000007", surveyID: SurveyID.make(), expiry: now + 3_600)
        #expect(await links.check(unknown, now: now) == .refused(.invalid))
    }

    @Test func surveysAndAnswersSurviveARestart() async throws {
        let token: String
        let id: String
        do {
            let store = try SurveyStore(directory: folder)
            let (survey, link) = try await sentSurvey(store)
            (token, id) = (link, survey.id)
            let scheduled = SurveyRecord(
                id: SurveyID.make(), caseID: "c-2", caseNumber: "XF-2026-000009", completedVersion: 4, completedAt: now, sendAt: now + 60,
                status: .scheduled)
            #expect(try await store.schedule(scheduled))
            #expect(try await !store.schedule(SurveyRecord(
                id: SurveyID.make(), caseID: "c-2", caseNumber: "XF-2026-000009", completedVersion: 4, completedAt: now, sendAt: now,
                status: .scheduled)), "one survey per 办结, also when the event is delivered again")
        }
        let reopened = try SurveyStore(directory: folder)
        #expect(await reopened.all().count == 2)
        #expect(await reopened.due(at: now + 61).map(\.caseNumber) == ["XF-2026-000009"])
        let links = SurveyLinks(signer: signer, store: reopened)
        guard case .accepted = try await links.submit(token, form: ["satisfaction": "satisfied"], now: now) else {
            Issue.record("the link did not survive the restart")
            return
        }
        let again = try SurveyStore(directory: folder)
        #expect(await again.survey(id)?.status == .answered)
        #expect(await SurveyLinks(signer: signer, store: again).check(token, now: now) == .refused(.used))
    }

    @Test func theWorkflowLimitBringsTheSendTimeForward() async throws {
        let store = try SurveyStore(directory: folder)
        let survey = SurveyRecord(
            id: SurveyID.make(), caseID: "c-1", caseNumber: "XF-2026-000001", completedVersion: 3, completedAt: now, sendAt: now + 86_400,
            status: .scheduled)
        #expect(try await store.schedule(survey))
        try await store.limit(caseID: "c-1", dueAt: now + 4 * 3_600, sendMargin: 3_600)
        let limited = try #require(await store.survey(survey.id))
        #expect(limited.sendAt == now + 3 * 3_600)
        #expect(limited.surveyDueAt == now + 4 * 3_600)
    }
}
