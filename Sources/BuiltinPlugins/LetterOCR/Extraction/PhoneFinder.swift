/// Finds mobile (1[3-9]x xxxx xxxx) and landline (0xx(x)-xxxxxxx(x)) numbers.
///
/// On a line labelled 电话/手机/联系方式 letters OCR confuses with digits are read as
/// digits; a number found only that way has a lower confidence and says so.
enum PhoneFinder {
    static let mobilePattern = #"(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])"#
    static let landlinePattern = #"(?<![0-9])(?:\((0[0-9]{2,3})\)|(0[0-9]{2,3}))[ -]?([2-9][0-9]{6,7})(?:-([0-9]{1,5}))?(?![0-9])"#
    /// A number with repaired characters is at most this sure.
    static let repairedConfidence = 0.7

    static func find(in text: LetterText, excluding: [Range<Int>]) -> (mobile: ExtractedField?, landline: ExtractedField?, spans: [Range<Int>]) {
        var characters = text.characters
        var repaired = Set<Int>()
        var labelled: [Range<Int>] = []
        var from = 0
        while let label = text.find(FieldExtractor.phoneLabels, from: from), let line = text.line(containing: label.lowerBound) {
            from = line.upperBound
            labelled.append(label.upperBound..<line.upperBound)
            for offset in label.upperBound..<line.upperBound {
                if let digits = ResidentIDRepair.confusions[characters[offset]], digits.count == 1 {
                    characters[offset] = digits[0]
                    repaired.insert(offset)
                }
            }
        }
        let matcher = PatternMatcher(characters)
        func usable(_ range: Range<Int>) -> Bool { !excluding.contains { $0.overlaps(range) } }
        func field(_ range: Range<Int>, value: String) -> ExtractedField {
            var confidence = text.confidence(range)
            var remark: String?
            if range.contains(where: repaired.contains) {
                confidence = min(confidence, repairedConfidence)
                remark = "号码中有字母被当作数字读出，请核对"
            }
            return ExtractedField(value, confidence: confidence, remark: remark)
        }
        func nearLabel(_ range: Range<Int>) -> Bool { labelled.contains { $0.overlaps(range) } }

        var mobiles: [(Range<Int>, ExtractedField)] = []
        for match in matcher.matches(mobilePattern) {
            guard let range = match[0], usable(range) else { continue }
            let digits = String(characters[range].filter(\.isNumber))
            mobiles.append((range, field(range, value: digits)))
        }
        var landlines: [(Range<Int>, ExtractedField)] = []
        for match in matcher.matches(landlinePattern) {
            guard let range = match[0], usable(range), !mobiles.contains(where: { $0.0.overlaps(range) }) else { continue }
            let area = (match[1] ?? match[2]).map { String(characters[$0]) } ?? ""
            var value = area + "-" + (match[3].map { String(characters[$0]) } ?? "")
            if let ext = match[4] { value += "-" + String(characters[ext]) }
            landlines.append((range, field(range, value: value)))
        }
        let mobile = mobiles.first { nearLabel($0.0) } ?? mobiles.first
        let landline = landlines.first { nearLabel($0.0) } ?? landlines.first
        return (mobile?.1, landline?.1, mobiles.map(\.0) + landlines.map(\.0))
    }
}
