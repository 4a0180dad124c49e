import Foundation

/// Judges a link and takes an answer through it: the link must be one this plugin signed for
/// the survey's case, not expired, and not used. Shared by the web page and the tests.
struct SurveyLinks: Sendable {
    let signer: LinkSigner
    let store: SurveyStore

    /// What a link leads to.
    enum Check: Sendable, Equatable {
        case open(SurveyRecord)
        case refused(SurveyPage.Refusal)
    }

    /// Whether the link `token` opens the form now.
    func check(_ token: String, now: Date) async -> Check {
        guard let parsed = LinkSigner.parse(token), let survey = await store.survey(parsed.surveyID),
            signer.isAuthentic(parsed, caseNumber: survey.caseNumber)
        else { return .refused(.invalid) }
        // Only the link sent last is valid: its expiry is the one stored.
        guard let expiry = survey.expiresAt, Int64(expiry.timeIntervalSince1970) == parsed.expiry else {
            return .refused(.invalid)
        }
        switch survey.status {
        case .answered, .recorded: return .refused(.used)
        case .unanswered, .abandoned, .scheduled: return .refused(expiry <= now ? .expired : .closed)
        case .sent: return expiry <= now ? .refused(.expired) : .open(survey)
        }
    }

    /// What became of a submitted form.
    enum Submission: Sendable, Equatable {
        case accepted(SurveyRecord)
        /// The form was not valid; the page is shown again with the problem.
        case invalid(SurveyRecord, SurveyAnswer.Problem)
        case refused(SurveyPage.Refusal)
    }

    /// Takes an answer through the link, once.
    func submit(_ token: String, form: [String: String], now: Date) async throws -> Submission {
        let survey: SurveyRecord
        switch await check(token, now: now) {
        case .open(let open): survey = open
        case .refused(let refusal): return .refused(refusal)
        }
        let answer: SurveyAnswer
        switch SurveyAnswer.validate(form) {
        case .success(let valid): answer = valid
        case .failure(let problem): return .invalid(survey, problem)
        }
        switch try await store.answer(survey.id, satisfaction: answer.satisfaction, comment: answer.comment, at: now) {
        case .accepted(let updated): return .accepted(updated)
        case .alreadyAnswered: return .refused(.used)
        case .expired: return .refused(.expired)
        case .closed: return .refused(.closed)
        }
    }
}
