import Foundation
import Testing

@testable import SurveyPlugin

@Suite struct SurveyAnswerTests {
    @Test func aChoiceAndACommentAreAccepted() throws {
        let answer = try SurveyAnswer.validate(["satisfaction": "basically_satisfied", "comment": "  路灯已修好  "]).get()
        #expect(answer == SurveyAnswer(satisfaction: .basicallySatisfied, comment: "路灯已修好"))
    }

    @Test func theChoiceIsRequiredAndMustBeOneOfThree() {
        #expect(problem([:])?.field == "satisfaction")
        #expect(problem(["satisfaction": "very_happy"])?.field == "satisfaction")
        #expect(problem(["satisfaction": "very_happy"])?.message.contains("满意、基本满意或不满意") == true)
    }

    @Test func theCommentLimitIsNamedWithTheCount() throws {
        let atLimit = String(repeating: "好", count: SurveyLimits.commentCharacters)
        #expect(problem(["satisfaction": "satisfied", "comment": atLimit]) == nil)
        let over = try #require(problem(["satisfaction": "satisfied", "comment": atLimit + "好"]))
        #expect(over.field == "comment")
        #expect(over.message.contains("\(SurveyLimits.commentCharacters)个字"))
        #expect(over.message.contains("\(SurveyLimits.commentCharacters + 1)个字"))
    }

    @Test func dissatisfactionNeedsAReason() {
        #expect(problem(["satisfaction": "dissatisfied"])?.field == "comment")
        #expect(problem(["satisfaction": "dissatisfied", "comment": "差"])?.message.contains("原因") == true)
        #expect(problem(["satisfaction": "dissatisfied", "comment": "问题没有解决"]) == nil)
    }

    @Test func controlCharactersAreRefused() {
        #expect(problem(["satisfaction": "satisfied", "comment": "好\u{07}"])?.field == "comment")
        #expect(problem(["satisfaction": "satisfied", "comment": "第一行\n第二行"]) == nil)
    }

    @Test func formBodiesDecodePlusAndPercentEscapes() throws {
        let form = try #require(FormBody.parse("satisfaction=dissatisfied&comment=%E9%97%AE%E9%A2%98+%E6%9C%AA%E8%A7%A3%E5%86%B3&comment=second"))
        #expect(form["satisfaction"] == "dissatisfied")
        #expect(form["comment"] == "问题 未解决", "a repeated field keeps its first value")
        #expect(FormBody.parse("comment=%E9%97") == nil, "a broken escape")
    }

    @Test func mobileNumbersAreNormalizedAndOthersRefused() {
        #expect(MobileNumber.normalize("138 1234 5678") == "13812345678")
        #expect(MobileNumber.normalize("+86 138-1234-5678") == "13812345678")
        #expect(MobileNumber.normalize("8613812345678") == "13812345678")
        #expect(MobileNumber.normalize("010-12345678") == nil, "a landline gets no SMS")
        #expect(MobileNumber.normalize("12812345678") == nil)
        #expect(MobileNumber.normalize("") == nil)
    }

    private func problem(_ form: [String: String]) -> SurveyAnswer.Problem? {
        if case .failure(let problem) = SurveyAnswer.validate(form) { return problem }
        return nil
    }
}
