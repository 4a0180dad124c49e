import Foundation

/// Finds the petitioner's details, the letter's date, its addressee and a one-line summary
/// in a letter's OCR text. Each rule lowers the confidence of what it finds by how weak
/// the rule is (a label read exactly beats a phrase in the body).
struct FieldExtractor {
    static let nameLabels = ["信访人", "来信人", "反映人", "投诉人", "举报人", "申请人", "具名人", "联系人", "姓名", "署名"]
    /// Parts of name labels OCR still gets right when it misreads the rest (信访人 → 祝访人).
    static let nameLabelFragments = ["访人", "信人", "映人"]
    static let idLabels = ["公民身份号码", "身份证号码", "身份证号", "身份证", "证件号码"]
    static let phoneLabels = ["联系电话", "联系方式", "手机号码", "手机", "电话"]
    static let addressLabels = ["家庭住址", "现住址", "居住地址", "通讯地址", "联系地址", "住址", "地址"]
    /// What ends a name: the next label or a word that is not part of a name.
    static let nameStops = ["身份", "性别", "电话", "联系", "手机", "住址", "地址", "家住", "男", "女", "年龄", "民族", "现住", "公民"]
    static let requestWords = ["请求", "恳请", "要求", "希望", "申请", "请有关", "请上级", "请领导"]
    static let organisationWords = ["局", "委", "政府", "办公室", "办", "中心", "院", "厅", "部", "处", "所", "站", "领导", "书记", "市长", "县长", "区长", "主任", "同志", "公司", "街道", "社区", "信访"]
    /// The most common surnames (a name starting otherwise is read with less confidence).
    static let commonSurnames = Set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")

    /// Extracts every field it can find.
    static func extract(_ recognized: RecognizedText) -> LetterFields {
        let text = LetterText(recognized)
        var fields = LetterFields()
        let id = idNumber(in: text)
        fields[.idNumber] = id.field
        fields.unverifiedIDNumber = id.unverified
        let excluded = id.span.map { [$0] } ?? []
        let phones = PhoneFinder.find(in: text, excluding: excluded)
        fields[.mobile] = phones.mobile
        fields[.landline] = phones.landline
        fields[.name] = name(in: text)
        fields[.address] = address(in: text)
        fields[.letterDate] = LetterDateFinder.find(in: text, excluding: excluded + phones.spans)
        let addressee = addressee(in: text)
        fields[.addressee] = addressee?.field
        fields[.summary] = summary(in: text, after: addressee?.line)
        return fields
    }

    // MARK: - ID number

    static func idNumber(in text: LetterText) -> (field: ExtractedField?, unverified: Bool, span: Range<Int>?) {
        let label = text.find(idLabels)
        var sawCandidate = false
        // Candidates after the label first, then anywhere.
        for candidate in idCandidates(in: text).sorted(by: { rank($0, label) < rank($1, label) }) {
            sawCandidate = true
            let confidence = text.confidence(candidate.span)
            switch ResidentIDRepair.read(candidate.raw) {
            case .valid(let number):
                return (ExtractedField(number, confidence: max(confidence, 0.95)), false, candidate.span)
            case .repaired(let number, let replaced):
                let remark = "OCR把\(replaced)个字符认作字母，已按校验位修正"
                return (ExtractedField(number, confidence: 0.9, remark: remark), false, candidate.span)
            case .unverified:
                continue
            }
        }
        return (nil, sawCandidate, nil)
    }

    private static func rank(_ candidate: (raw: String, span: Range<Int>), _ label: Range<Int>?) -> Int {
        guard let label else { return candidate.span.lowerBound }
        let distance = candidate.span.lowerBound - label.upperBound
        return distance >= 0 ? distance : 100_000 - distance
    }

    /// Runs of 18 characters that may be an ID number (digits, X and confusable letters;
    /// spaces inside are dropped). Longer runs give each 18-character window that starts
    /// on a digit.
    static func idCandidates(in text: LetterText) -> [(raw: String, span: Range<Int>)] {
        var candidates: [(String, Range<Int>)] = []
        var index = 0
        let characters = text.characters
        while index < characters.count {
            guard ResidentIDRepair.mayBelong(characters[index]) else { index += 1; continue }
            var offsets: [Int] = []
            var end = index
            while end < characters.count {
                let character = characters[end]
                if ResidentIDRepair.mayBelong(character) {
                    offsets.append(end)
                } else if character == " ", end + 1 < characters.count, ResidentIDRepair.mayBelong(characters[end + 1]) {
                    // A space Tesseract put between digit groups.
                } else {
                    break
                }
                end += 1
            }
            let digits = offsets.filter { characters[$0].isASCII && characters[$0].isNumber }.count
            if offsets.count >= 18, digits >= 14 {
                for start in 0...(offsets.count - 18) where characters[offsets[start]].isNumber {
                    let window = offsets[start..<start + 18]
                    candidates.append((String(window.map { characters[$0] }), window.first!..<window.last! + 1))
                }
            }
            index = max(end, index + 1)
        }
        return candidates
    }

    // MARK: - Name

    static func name(in text: LetterText) -> ExtractedField? {
        var found: [ExtractedField] = []
        for (labels, weight) in [(nameLabels, 1.0), (nameLabelFragments, 0.85)] {
            var from = 0
            while let label = text.find(labels, from: from) {
                from = label.upperBound
                guard let line = text.line(containing: label.lowerBound) else { continue }
                let start = text.skipSeparator(label.upperBound, limit: line.upperBound)
                if let value = nameRun(in: text, from: start, limit: line.upperBound) {
                    found.append(scored(value, text: text, weight: weight))
                }
            }
            if let best = found.max(by: { $0.confidence < $1.confidence }) { return best }
        }
        // 我叫王大顺，/ 我是王大顺，
        for phrase in ["我叫", "本人叫", "我是", "本人"] {
            var from = 0
            while let label = text.find([phrase], from: from) {
                from = label.upperBound
                guard let line = text.line(containing: label.lowerBound) else { continue }
                if let value = nameRun(in: text, from: label.upperBound, limit: line.upperBound),
                   value.upperBound < line.upperBound, "，,。、 ".contains(text.characters[value.upperBound]) {
                    found.append(scored(value, text: text, weight: 0.75))
                }
            }
        }
        return found.max { $0.confidence < $1.confidence }
    }

    /// Two to four Han characters from `start`, cut at a stop word.
    private static func nameRun(in text: LetterText, from start: Int, limit: Int) -> Range<Int>? {
        var end = start
        while end < limit, end - start < 4, LetterText.isHan(text.characters[end]) {
            let rest = String(text.characters[end..<min(limit, end + 2)])
            if end - start >= 2, nameStops.contains(where: { rest.hasPrefix($0) }) { break }
            end += 1
        }
        // A fourth character is part of the name only for a two-character surname or when
        // the line ends there.
        if end - start == 4, end < limit, LetterText.isHan(text.characters[end]) { end = start + 3 }
        return end - start >= 2 ? start..<end : nil
    }

    private static func scored(_ range: Range<Int>, text: LetterText, weight: Double) -> ExtractedField {
        let value = text.string(range)
        let surname = value.first.map { commonSurnames.contains($0) } ?? false
        let confidence = text.confidence(range) * weight * (surname ? 1 : 0.8)
        return ExtractedField(value, confidence: confidence, remark: surname ? nil : "姓氏不常见，请核对")
    }

    // MARK: - Address

    static func address(in text: LetterText) -> ExtractedField? {
        if let label = text.find(addressLabels), let line = text.line(containing: label.lowerBound) {
            let start = text.skipSeparator(label.upperBound, limit: line.upperBound)
            var end = line.upperBound
            // Another labelled field on the same line ends the address.
            if let next = text.find(phoneLabels + idLabels + ["邮编", "邮政编码"], from: start, in: start..<line.upperBound) {
                end = next.lowerBound
            }
            let range = trimmed(start..<end, in: text)
            if range.count >= 4 {
                return ExtractedField(text.string(range), confidence: text.confidence(range))
            }
        }
        for phrase in ["家住", "住在"] {
            if let label = text.find([phrase]), let line = text.line(containing: label.lowerBound) {
                var end = label.upperBound
                while end < line.upperBound, !"，,。；;".contains(text.characters[end]) { end += 1 }
                let range = trimmed(label.upperBound..<end, in: text)
                if range.count >= 4 {
                    return ExtractedField(text.string(range), confidence: text.confidence(range) * 0.75, remark: "取自正文，请核对")
                }
            }
        }
        return nil
    }

    private static func trimmed(_ range: Range<Int>, in text: LetterText) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        let junk: Set<Character> = [" ", ",", "，", "。", ".", ";", "；", ":", "、"]
        while lower < upper, junk.contains(text.characters[lower]) { lower += 1 }
        while upper > lower, junk.contains(text.characters[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    // MARK: - Addressee and summary

    /// A line near the top ending in a colon, such as `XX市信访局:` or `尊敬的县委领导:`.
    static func addressee(in text: LetterText) -> (field: ExtractedField, line: Range<Int>)? {
        for line in text.lines.prefix(4) {
            var range = trimmedLine(line, in: text)
            guard range.count >= 2, range.count <= 30, let last = text.characters[range].last, last == ":" || last == "：" else { continue }
            let fieldLabels = nameLabels + idLabels + phoneLabels + addressLabels
            if fieldLabels.contains(where: { text.string(range).hasPrefix($0) }) { continue }
            range = range.lowerBound..<range.upperBound - 1
            for prefix in ["尊敬的", "致"] where text.string(range).hasPrefix(prefix) {
                range = range.lowerBound + prefix.count..<range.upperBound
            }
            guard range.count >= 2 else { continue }
            let value = text.string(range)
            let organisational = organisationWords.contains { value.contains($0) }
            let confidence = text.confidence(range) * (organisational ? 1 : 0.7)
            return (ExtractedField(value, confidence: confidence, remark: organisational ? nil : "不像单位名称，请核对"), line)
        }
        return nil
    }

    private static func trimmedLine(_ line: Range<Int>, in text: LetterText) -> Range<Int> {
        var lower = line.lowerBound, upper = line.upperBound
        while lower < upper, text.characters[lower].isWhitespace { lower += 1 }
        while upper > lower, text.characters[upper - 1].isWhitespace { upper -= 1 }
        return lower..<upper
    }

    /// The first sentence of the body that asks for something, or else its first sentence,
    /// cut to ``maxSummaryCharacters``.
    static func summary(in text: LetterText, after addresseeLine: Range<Int>?) -> ExtractedField? {
        let start = addresseeLine?.upperBound ?? 0
        let fieldLabels = nameLabels + idLabels + phoneLabels + addressLabels + ["此致"]
        let bodyEnd = text.find(fieldLabels, from: start)?.lowerBound ?? text.characters.count
        guard start < bodyEnd else { return nil }
        var sentences: [Range<Int>] = []
        var sentenceStart = start
        for index in start..<bodyEnd where "。！？!?".contains(text.characters[index]) || index == bodyEnd - 1 {
            let range = trimmedSentence(sentenceStart..<index + 1, in: text)
            if range.count >= 4 { sentences.append(range) }
            sentenceStart = index + 1
        }
        guard let first = sentences.first else { return nil }
        let chosen = sentences.first { range in requestWords.contains { text.string(range).contains($0) } } ?? first
        var value = text.string(chosen).replacingOccurrences(of: "\n", with: "")
        if value.count > maxSummaryCharacters { value = String(value.prefix(maxSummaryCharacters - 1)) + "…" }
        return ExtractedField(value, confidence: text.confidence(chosen) * 0.9)
    }

    /// The longest summary (the case's subject allows 200 characters; one line reads better).
    static let maxSummaryCharacters = 80

    private static func trimmedSentence(_ range: Range<Int>, in text: LetterText) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, text.characters[lower].isWhitespace || "，,。".contains(text.characters[lower]) { lower += 1 }
        while upper > lower, text.characters[upper - 1].isWhitespace { upper -= 1 }
        return lower..<upper
    }
}
