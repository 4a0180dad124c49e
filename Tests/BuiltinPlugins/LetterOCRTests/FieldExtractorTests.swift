import Testing
@testable import LetterOCRPlugin

/// Field extraction from OCR text, as Tesseract writes it (ASCII colons after NFKC, lines
/// broken where the page broke them, some characters misread).
struct FieldExtractorTests {
    static let letter = """
        长沙市芙蓉区人力资源和社会保障局:
        我是芙蓉区居民,近几个月来,我在某建筑工地务工半年,工程结束后老板拖欠工资三万余
        元至今未付。
        我多次向社区和街道反映,至今没有得到解决。请求劳动监察部门帮助追讨被拖欠的工资。
        此致
        敬礼
        反映人:李凯
        身份证号:430102197304044193
        手机:189-8858-3676
        固定电话:0731-5123456
        住址:湖南省长沙市芙蓉区幸福路128号金色家园20栋102室
        2026年12月2日
        """

    @Test func readsEveryFieldOfAWellReadLetter() {
        let fields = FieldExtractor.extract(RecognizedText(Self.letter, confidence: 0.95))
        #expect(fields[.name]?.value == "李凯")
        #expect(fields[.idNumber]?.value == "430102197304044193")
        #expect(fields[.mobile]?.value == "18988583676")
        #expect(fields[.landline]?.value == "0731-5123456")
        #expect(fields[.address]?.value == "湖南省长沙市芙蓉区幸福路128号金色家园20栋102室")
        #expect(fields[.letterDate]?.value == "2026-12-02")
        #expect(fields[.addressee]?.value == "长沙市芙蓉区人力资源和社会保障局")
        #expect(fields[.summary]?.value == "我多次向社区和街道反映,至今没有得到解决。请求劳动监察部门帮助追讨被拖欠的工资。" || fields[.summary]?.value.hasPrefix("请求") == true)
        #expect(fields.uncertain.isEmpty, "\(fields.uncertain)")
    }

    @Test(arguments: [
        // (a line of the letter, the field, the value expected; nil: not found)
        ("信访人:王大顺", LetterField.name, "王大顺"),
        ("来信人：欧阳明华", .name, "欧阳明华"),
        ("姓名:张三 性别:男", .name, "张三"),
        ("祝访人:王大顺", .name, "王大顺"),  // 信 misread, the label's tail still found
        ("我叫刘芳，住在城关镇幸福路12号3栋。", .name, "刘芳"),
        ("身份证号:11010519491231002X", .idNumber, "11010519491231002X"),
        ("公民身份号码：1101 0519 4912 3100 2X", .idNumber, "11010519491231002X"),
        ("身份证号:43O102197304044193", .idNumber, "430102197304044193"),
        ("身份证号:430102197304044198", .idNumber, nil),  // check fails: never guessed
        ("联系电话:13512342659", .mobile, "13512342659"),
        ("手机：135 1234 2659", .mobile, "13512342659"),
        ("手机:135-1234-2659", .mobile, "13512342659"),
        ("联系电话:l35l2342659", .mobile, "13512342659"),
        ("电话:(010)62345678", .landline, "010-62345678"),
        ("固定电话:0571-87654321-802", .landline, "0571-87654321-802"),
        ("电话:12345", .mobile, nil),
        ("住址:北京市朝阳区幸福路12号3栋201室 电话:13512342659", .address, "北京市朝阳区幸福路12号3栋201室"),
        ("家庭住址：河北省石家庄市长安区人民路5号", .address, "河北省石家庄市长安区人民路5号"),
        ("2026年3月5日", .letterDate, "2026-03-05"),
        ("二〇二六年十二月二十一日", .letterDate, "2026-12-21"),
        ("2026.3.5", .letterDate, "2026-03-05"),
        ("2026年2月30日", .letterDate, nil),
        ("尊敬的县委领导:", .addressee, "县委领导"),
        ("郑州市金水区人民政府：", .addressee, "郑州市金水区人民政府"),
    ] as [(String, LetterField, String?)])
    func findsOneField(_ line: String, _ field: LetterField, _ expected: String?) {
        let fields = FieldExtractor.extract(RecognizedText(line + "\n", confidence: 0.95))
        #expect(fields[field]?.value == expected, "\(line)")
    }

    @Test func theIDNumberIsNotReadAsAPhoneOrADate() {
        let fields = FieldExtractor.extract(RecognizedText("身份证号:11010519491231002X\n", confidence: 0.95))
        #expect(fields[.mobile] == nil)
        #expect(fields[.landline] == nil)
        #expect(fields[.letterDate] == nil)
    }

    @Test func aRepairedIDNumberSaysSoAndAnUncheckedOneIsFlagged() {
        let repaired = FieldExtractor.extract(RecognizedText("身份证号:43O102197304044193\n", confidence: 0.95))
        #expect(repaired[.idNumber]?.remark?.contains("校验位") == true)
        let wrong = FieldExtractor.extract(RecognizedText("身份证号:430102197304044198\n", confidence: 0.95))
        #expect(wrong[.idNumber] == nil)
        #expect(wrong.unverifiedIDNumber)
        #expect(wrong.uncertain.contains(.idNumber))
    }

    @Test func lowConfidenceAndWeakRulesAreFlagged() {
        var text = RecognizedText("市信访局:\n信访人:", confidence: 0.95)
        text.append("王大顺", confidence: 0.5)
        text.append("\n联系电话:13512342659\n住址:北京市朝阳区幸福路12号\n2026年3月5日\n", confidence: 0.95)
        let fields = FieldExtractor.extract(text)
        #expect(fields[.name]?.value == "王大顺")
        #expect(fields.uncertain.contains(.name))
        #expect(!fields.uncertain.contains(.mobile))
        // A phone found only by reading letters as digits is never certain.
        let repaired = FieldExtractor.extract(RecognizedText("联系电话:l35l2342659\n", confidence: 0.99))
        #expect(repaired.uncertain.contains(.mobile))
        // A date that is not on a line of its own is less sure.
        let inBody = FieldExtractor.extract(RecognizedText("我于2026年3月5日来信反映\n", confidence: 0.99))
        #expect(inBody[.letterDate]?.value == "2026-03-05")
        #expect(inBody.uncertain.contains(.letterDate))
    }

    @Test func aLetterWithNothingReadableFlagsWhatAnOperatorMustFillIn() {
        let fields = FieldExtractor.extract(RecognizedText("", confidence: 0))
        #expect(Set(fields.uncertain) == [.name, .mobile, .address, .letterDate, .addressee, .summary])
    }

    @Test func theSubmissionCarriesFlagsButNoPersonalDataInAttributes() {
        let text = RecognizedText(Self.letter.replacingOccurrences(of: "反映人:李凯", with: "反映人:"), confidence: 0.95)
        let letter = LetterReader.Letter(format: .png, pageCount: 1, text: text, fields: FieldExtractor.extract(text), secondsPerPage: 1)
        let submission = LetterSubmission.make(letter: letter, scan: .with { $0.sha256 = String(repeating: "a", count: 64) }, sha256: String(repeating: "b", count: 64))
        #expect(submission.idempotencyKey == "scan:" + String(repeating: "b", count: 64))
        #expect(submission.petitioner.name == LetterSubmission.unreadName)
        #expect(submission.uncertainFields == ["petitioner.name"])
        #expect(submission.petitioner.idNumber == "430102197304044193")
        #expect(submission.attachments.first?.extractedText == text.text)
        let attributes = Dictionary(uniqueKeysWithValues: submission.attributes.map { ($0.name, $0.value) })
        #expect(attributes["ocr_to_confirm"]?.contains("姓名") == true)
        #expect(attributes["letter_date"] == "2026-12-02")
        for value in attributes.values {
            #expect(!value.contains("430102197304044193") && !value.contains("18988583676") && !value.contains("幸福路"))
        }
    }
}
