import Testing

@testable import xfsh

struct ValidationTests {
    @Test(arguments: ["11010519491231002X", "11010519491231002x", "440524198001010013", "532301199003078153"])
    func validIDNumbersPass(number: String) {
        #expect(IDNumber.problem(number) == nil, "\(number)")
    }

    @Test func theCheckCharacterIsISO7064Mod112() {
        #expect(IDNumber.checkCharacter("11010519491231002") == "X")
        #expect(IDNumber.checkCharacter("44052419800101001") == "3")
        #expect(IDNumber.problem("110105194912310021") == "校验位应为X")
        #expect(IDNumber.problem("11010519491231002") == "应为18位（现为17位）")
        #expect(IDNumber.problem("11010519491331002X") != nil, "month 13")
        #expect(IDNumber.problem("1101051949123100AX") == "前17位应为数字")
    }

    @Test(arguments: ["13512342659", "+86 135 1234 2659", "0871-65123456", "010-12345678#123", "12345", "110"])
    func phoneNumbersPeopleGivePass(phone: String) {
        #expect(PhoneNumber.problem(phone) == nil, "\(phone)")
    }

    @Test(arguments: ["1351234", "12512342659", "abc", "0871-1", String(repeating: "1", count: 33)])
    func malformedPhoneNumbersAreRefused(phone: String) {
        #expect(PhoneNumber.problem(phone) != nil, "\(phone)")
    }

    @Test func intakeLimitsMatchTheServer() {
        #expect(IntakeField.subject.problem(String(repeating: "字", count: 200)) == nil)
        #expect(IntakeField.subject.problem(String(repeating: "字", count: 201)) == "过长：201字，上限200字")
        #expect(IntakeField.name.problem("") == "必填")
        #expect(IntakeField.idNumber.problem("") == nil, "optional fields may stay empty")
        #expect(IntakeField.phone(required: true).problem("") == "必填")
        #expect(IntakeField.matterClass.problem("求决") == nil)
        #expect(MatterClass.id(for: "检举控告") == "accusation")
        #expect(IntakeChannel.id(for: "来电") == "phone")
    }

    @Test func flagFormRegistrationChecksBeforeSending() throws {
        #expect(throws: UsageError.self) {
            try NewCommand(arguments: ["--subject", "x", "--content", "y", "--name", "王", "--id-number", "110105194912310021"])
        }
        #expect(throws: UsageError.self) { try NewCommand(arguments: ["--subject", "x", "--content", "y"]) }
        let command = try NewCommand(arguments: ["--subject", "x", "--content", "y", "--name", "王", "--channel", "来电", "--phone", "13512342659"])
        #expect(command.submission?.channel == "phone")
        #expect(try NewCommand(arguments: []).submission == nil, "bare `new` asks step by step")
    }
}
