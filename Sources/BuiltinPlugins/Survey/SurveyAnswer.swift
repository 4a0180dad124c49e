import Foundation

/// A petitioner's answer from the survey page, checked: the choice is one of the three and
/// the comment within its limits. Errors name the field and the limit, in Chinese, because
/// the petitioner reads them.
struct SurveyAnswer: Sendable, Hashable {
    var satisfaction: Satisfaction
    var comment: String

    /// A refused answer: which field and why.
    struct Problem: Error, Sendable, Hashable {
        /// The form field (`satisfaction` or `comment`).
        var field: String
        var message: String
    }

    /// Checks a submitted form's fields.
    static func validate(_ form: [String: String]) -> Result<SurveyAnswer, Problem> {
        guard let raw = form["satisfaction"], !raw.isEmpty else {
            return .failure(Problem(field: "satisfaction", message: "请选择满意度（满意、基本满意或不满意）"))
        }
        guard let satisfaction = Satisfaction(rawValue: raw) else {
            return .failure(Problem(field: "satisfaction", message: "满意度只能是满意、基本满意或不满意"))
        }
        let comment = (form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > SurveyLimits.commentCharacters {
            return .failure(
                Problem(
                    field: "comment",
                    message: "评价意见不能超过\(SurveyLimits.commentCharacters)个字，现有\(comment.count)个字"))
        }
        if comment.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            return .failure(Problem(field: "comment", message: "评价意见含有不能显示的控制字符"))
        }
        if satisfaction == .dissatisfied, comment.count < SurveyLimits.dissatisfiedCommentMinimum {
            return .failure(
                Problem(
                    field: "comment",
                    message: "选择不满意时，请在评价意见中写明原因（至少\(SurveyLimits.dissatisfiedCommentMinimum)个字），以便重新办理"))
        }
        return .success(SurveyAnswer(satisfaction: satisfaction, comment: comment))
    }
}

/// `application/x-www-form-urlencoded` bodies (what an HTML form posts).
enum FormBody {
    /// The fields of a form body; a repeated name keeps its first value. Nil when the body is
    /// not valid UTF-8 or holds a malformed escape.
    static func parse(_ body: String) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { return nil }
            guard let value = decode(parts.count > 1 ? parts[1] : "") else { return nil }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
