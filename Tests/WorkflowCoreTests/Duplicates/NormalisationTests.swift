import Foundation
import Testing

@testable import WorkflowCore

struct NormalisationTests {
    @Test(arguments: [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  // fullwidth
        ("110105491231002", "11010519491231002X"),  // 15-digit first generation, widened
        ("440304198506123711", "440304198506123711"),
    ])
    func residentIDVariantsNormaliseToOneForm(input: String, expected: String) {
        #expect(PetitionerIdentity.normalisedResidentID(input) == expected)
    }

    @Test(arguments: [
        "11010519491231002",  // 17 characters
        "110105194912310021",  // wrong check character: a typo
        "000000000000000000",  // placeholder
        "000000000000000001",  // placeholder that happens to check
        "000000000000000",
        "无",
        "",
        "11010519491231002Y",
    ])
    func malformedResidentIDsAreNotKeyed(input: String) {
        #expect(PetitionerIdentity.normalisedResidentID(input) == nil)
    }

    @Test(arguments: [
        ("13512345678", "13512345678"),
        ("135 1234 5678", "13512345678"),
        ("135-1234-5678", "13512345678"),
        ("+86 135 1234 5678", "13512345678"),
        ("+86-13512345678", "13512345678"),
        ("0086 135 1234 5678", "13512345678"),
        ("8613512345678", "13512345678"),
        ("013512345678", "13512345678"),  // trunk 0 dialled before a mobile
        ("１３５１２３４５６７８", "13512345678"),  // fullwidth
        ("（010）6512-3456", "01065123456"),  // landline keeps its area code
        ("010-65123456", "01065123456"),
        ("+86 10 6512 3456", "01065123456"),  // international form of the same landline
        ("0571-87654321转8001", "057187654321"),  // extension dropped
        ("0571-87654321 ext 12", "057187654321"),
        ("65123456", "65123456"),  // landline without area code: kept as written
    ])
    func phoneVariantsNormaliseToOneForm(input: String, expected: String) {
        #expect(PetitionerIdentity.normalisedPhone(input) == expected)
    }

    @Test(arguments: ["", "12345", "无", "不详", "00000000", "+1 415 555 0100", "135abc45678"])
    func unusablePhonesAreNotKeyed(input: String) {
        #expect(PetitionerIdentity.normalisedPhone(input) == nil)
    }

    @Test func anIDNumberAndAPhoneNeverShareAValue() {
        let values = PetitionerIdentity.normalisedValues(
            of: Petitioner(name: "王大顺", idNumber: "11010519491231002x", phone: "+86 135 1234 5678"))
        #expect(values == ["id:11010519491231002X", "phone:13512345678"])
        #expect(PetitionerIdentity.normalisedValues(of: Petitioner(name: "匿名")) == [])
    }

    @Test(arguments: [
        ("小区噪音扰民，严重影响休息！", "小区噪音扰民严重影响休息"),
        ("２０２６年３月，楼下ＫＴＶ营业到凌晨。", "2026年3月楼下ktv营业到凌晨"),
        ("  物业费  \n 上涨 30% ……", "物业费上涨30"),
        ("【紧急】《关于拖欠工资的反映》", "紧急关于拖欠工资的反映"),
        ("①号楼", "1号楼"),
        ("", ""),
    ])
    func textKeepsLettersAndDigitsFolded(input: String, expected: String) {
        #expect(ContentText.normalised(input) == expected)
    }

    @Test func shinglesIgnorePunctuationAndNeverSpanParts() {
        let plain = ContentText.shingles(["噪音扰民"], length: 2)
        #expect(plain.count == 3)
        #expect(ContentText.shingles(["噪音，扰民！"], length: 2) == plain)
        // Subject "噪音" and content "扰民": no shingle "音扰" across the boundary.
        #expect(ContentText.shingles(["噪音", "扰民"], length: 2).count == 2)
        // A part shorter than a shingle is one shingle of itself; repeats count once.
        #expect(ContentText.shingles(["噪"], length: 2).count == 1)
        #expect(ContentText.shingles(["哈哈哈哈"], length: 2).count == 1)
    }
}
