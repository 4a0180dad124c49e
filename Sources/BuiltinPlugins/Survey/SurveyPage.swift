import Foundation

/// The survey's mobile web pages, in Chinese: the form (满意 / 基本满意 / 不满意 and a
/// comment), the thank-you page and the refusals (used, expired, not a link of ours).
/// Element ids (`satisfaction-…`, `comment`, `submit`, `outcome`) are stable for tests.
enum SurveyPage {
    /// Why a link does not open the form.
    enum Refusal: String, Sendable, CaseIterable {
        /// Answered before: a link works once.
        case used
        case expired
        /// Not a link this plugin signed (or no longer kept).
        case invalid
        /// The survey was closed without an answer.
        case closed

        var title: String {
            switch self {
            case .used: "本次回访已提交"
            case .expired: "回访链接已过期"
            case .invalid: "链接无效"
            case .closed: "本次回访已结束"
            }
        }

        var explanation: String {
            switch self {
            case .used: "该链接已提交过评价，每个链接只能使用一次，不能重复提交。感谢您的参与。"
            case .expired: "该回访链接已超过有效期，无法再提交评价。如对办理结果有意见，请拨打12345热线反映。"
            case .invalid: "该链接不完整或无效，请核对短信中的链接。"
            case .closed: "本次回访已结束，无法再提交评价。如对办理结果有意见，请拨打12345热线反映。"
            }
        }
    }

    /// The form for an open survey; with a problem, the answer given is shown again beside it.
    static func form(
        caseNumber: String, action: String, expiresAt: Date, problem: SurveyAnswer.Problem? = nil,
        chosen: String? = nil, comment: String = ""
    ) -> String {
        let choices = Satisfaction.allCases.map { choice in
            """
                <label class="choice" for="satisfaction-\(choice.rawValue)">
                  <input type="radio" name="satisfaction" id="satisfaction-\(choice.rawValue)" value="\(choice.rawValue)"\(chosen == choice.rawValue ? " checked" : "")>
                  <span>\(choice.label)</span>
                </label>
            """
        }.joined(separator: "\n")
        let error = problem.map { "<p class=\"error\" id=\"error\" data-field=\"\(escape($0.field))\">\(escape($0.message))</p>" } ?? ""
        return page(
            title: "办理结果满意度回访",
            body: """
                <h1>办理结果满意度回访</h1>
                <p>您反映的诉求（编号 <strong id="case-number">\(escape(caseNumber))</strong>）已办结。请对办理结果作出评价。</p>
                \(error)
                <form method="post" action="\(escape(action))" accept-charset="UTF-8">
                  <fieldset>
                    <legend>满意度</legend>
                \(choices)
                  </fieldset>
                  <label for="comment" class="field">评价意见（选择不满意时请写明原因，最多\(SurveyLimits.commentCharacters)字）</label>
                  <textarea id="comment" name="comment" rows="5" maxlength="\(SurveyLimits.commentCharacters)">\(escape(comment))</textarea>
                  <button type="submit" id="submit">提交评价</button>
                </form>
                <p class="note">链接有效期至\(chinaTime(expiresAt))，只能提交一次。</p>
                """)
    }

    /// After an accepted answer.
    static func thanks(_ satisfaction: Satisfaction) -> String {
        let next =
            satisfaction == .dissatisfied
            ? "您的意见已转交有关部门跟进处理，请保持电话畅通。"
            : "感谢您对我们工作的支持。"
        return page(
            title: "评价已提交",
            body: """
                <h1 id="outcome" data-outcome="accepted">评价已提交</h1>
                <p>您的评价：<strong id="answer">\(satisfaction.label)</strong></p>
                <p>\(next)</p>
                """)
    }

    /// A link that does not open the form.
    static func refused(_ refusal: Refusal) -> String {
        page(
            title: refusal.title,
            body: """
                <h1 id="outcome" data-outcome="\(refusal.rawValue)">\(refusal.title)</h1>
                <p>\(refusal.explanation)</p>
                """)
    }

    /// A body over the size limit.
    static func tooLarge() -> String {
        page(
            title: "提交内容过长",
            body: """
                <h1 id="outcome" data-outcome="too_large">提交内容过长</h1>
                <p>提交的内容超过\(SurveyLimits.formBytes / 1024)KB的上限，请返回后精简评价意见（最多\(SurveyLimits.commentCharacters)字）。</p>
                """)
    }

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(escape(title))</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; margin: 0; padding: 16px; max-width: 40em; margin: auto; font-size: 17px; line-height: 1.6; color: #222; }
        h1 { font-size: 1.3em; color: #b3261e; }
        fieldset { border: 1px solid #ccc; border-radius: 8px; padding: 8px 12px; margin: 12px 0; }
        .choice { display: block; padding: 10px 4px; font-size: 1.1em; }
        .choice input { width: 1.2em; height: 1.2em; vertical-align: middle; margin-right: 8px; }
        .field { display: block; margin-top: 8px; }
        textarea { width: 100%; box-sizing: border-box; font-size: 1em; padding: 8px; border-radius: 6px; border: 1px solid #aaa; }
        button { width: 100%; margin-top: 16px; padding: 14px; font-size: 1.1em; border: 0; border-radius: 8px; background: #b3261e; color: #fff; }
        .error { color: #b3261e; background: #fdecea; padding: 8px 12px; border-radius: 6px; }
        .note { color: #666; font-size: 0.9em; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }

    /// Text made safe inside HTML text and double-quoted attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `2026年11月25日 14:30` in China time (UTC+8), what the petitioner reads.
    static func chinaTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3_600)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%d年%d月%d日 %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}
