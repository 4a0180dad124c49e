/// Phone numbers as petitioners give them: a mobile number (11 digits starting 1[3-9]), a
/// landline with area code (0AA-NNNNNNNN, 0AAA-NNNNNNN), optionally with an extension, or
/// a short service number (12345, 110). Spaces and dashes between digit groups are allowed.
enum PhoneNumber {
    /// The server's limit (`Limits.phoneCharacters`).
    static let maxCharacters = 32

    static func problem(_ text: String) -> String? {
        guard text.count <= maxCharacters else { return "过长（上限\(maxCharacters)字符）" }
        var raw = text.trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("+86") { raw = String(raw.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        var extensionDigits = ""
        if let hash = raw.firstIndex(where: { $0 == "#" || $0 == "转" }) {
            extensionDigits = String(raw[raw.index(after: hash)...])
            raw = String(raw[..<hash])
        }
        guard raw.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == " ") }),
            extensionDigits.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return "只能包含数字、空格和-（分机用#或转）" }
        let digits = raw.filter(\.isNumber)
        if digits.hasPrefix("1"), digits.count > 5 {
            guard digits.count == 11 else { return "手机号应为11位（现为\(digits.count)位）" }
            guard let second = digits.dropFirst().first, ("3"..."9").contains(second) else { return "手机号第二位应为3–9" }
            return nil
        }
        if digits.hasPrefix("0") {
            guard (10...12).contains(digits.count) else { return "固定电话应为区号加7–8位号码" }
            return nil
        }
        guard (3...8).contains(digits.count) else { return "号码位数不对" }
        return nil
    }
}

import Foundation
