/// The survey's limits, named so errors can quote them.
enum SurveyLimits {
    /// Characters of the petitioner's comment (评价意见).
    static let commentCharacters = 500
    /// Characters a 不满意 comment needs at least: the reason is what the 重办 works from.
    static let dissatisfiedCommentMinimum = 2
    /// Bytes of a submitted form; a larger body is refused unread.
    static let formBytes = 16 * 1024
    /// Characters of a link token in a URL; longer paths are not ours.
    static let tokenCharacters = 200
    /// Characters of the SMS text (a long SMS is split by the carrier at 67 per part; 5 parts).
    static let smsCharacters = 335
    /// Bytes of a gateway answer the plugin reads.
    static let gatewayAnswerBytes = 64 * 1024
}
