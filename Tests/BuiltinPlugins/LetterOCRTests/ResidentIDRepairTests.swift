import Testing
@testable import LetterOCRPlugin

/// GB 11643 check characters and the repair of OCR confusions, which happens only where the
/// check character confirms it.
struct ResidentIDRepairTests {
    @Test(arguments: [
        ("11010519491231002", "X"),  // the README's example: 110105194912310021 is wrong, X is right
        ("53230119900101815", "7"),
        ("43010219730404419", "3"),
        ("44030119851130301", "3"),
    ])
    func checkCharacter(first17: String, expected: Character) {
        #expect(ResidentIDRepair.checkCharacter(for: first17) == expected)
    }

    @Test(arguments: ["1101051949123100", "1101051949123100２1", "11010519491231002A", ""])
    func checkCharacterNeedsSeventeenASCIIDigits(_ text: String) {
        #expect(ResidentIDRepair.checkCharacter(for: text) == nil)
    }

    @Test(arguments: [
        // (as read, expected outcome)
        ("11010519491231002X", ResidentIDRepair.Reading.valid("11010519491231002X")),
        ("11010519491231002x", .repaired("11010519491231002X", replaced: 1)),
        ("43010219730404419З", .unverified),  // a Cyrillic Ze is not a confusion we repair
        ("43O102197304044193", .repaired("430102197304044193", replaced: 1)),  // O → 0
        ("430l02197304044193", .repaired("430102197304044193", replaced: 1)),  // l → 1
        ("430102I97304044193", .repaired("430102197304044193", replaced: 1)),  // I → 1
        ("4301021973O4O44193", .repaired("430102197304044193", replaced: 2)),
        ("532301199001018l5б", .unverified),
        ("S32301199001018157", .repaired("532301199001018157", replaced: 1)),  // S → 5
        ("532301199001O18157", .repaired("532301199001018157", replaced: 1)),
        ("44O3O1198511303013", .repaired("440301198511303013", replaced: 2)),
        ("4403011985113O3O13", .repaired("440301198511303013", replaced: 2)),
        ("Z30102197304044193", .unverified),  // Z → 2 gives 230102…, whose check is not 3
        ("430102197304044198", .unverified),  // a wrong digit is never guessed
        ("430102197304044B93", .unverified),  // B → 8 does not pass the check: left alone
        ("11010519491231002I", .unverified),  // the check would be X, not 1
        ("110105294912310028", .unverified),  // right check for a birth year 2949: not plausible
    ] as [(String, ResidentIDRepair.Reading)])
    func reading(_ raw: String, _ expected: ResidentIDRepair.Reading) {
        #expect(ResidentIDRepair.read(raw) == expected, "\(raw)")
    }

    @Test func repairsBEightAndZTwoWhereTheCheckConfirms() {
        // Numbers built so that the confused letter's digit is the one the check needs.
        for (digit, letter) in [("8", "B"), ("2", "Z"), ("5", "S"), ("1", "l"), ("0", "O")] {
            let first17 = "51010419880613\(digit)12"
            let number = first17 + String(ResidentIDRepair.checkCharacter(for: first17)!)
            let misread = number.replacingOccurrences(of: "0613\(digit)12", with: "0613\(letter)12")
            #expect(ResidentIDRepair.read(misread) == .repaired(number, replaced: 1), "\(misread)")
        }
    }

    @Test func validNumbersHaveAPlausibleBirthDate() {
        #expect(ResidentIDRepair.isValid("11010519491231002X"))
        #expect(!ResidentIDRepair.isValid("110105194913310021"))  // month 13
        #expect(!ResidentIDRepair.isValid("11010519491231002"))
    }
}
