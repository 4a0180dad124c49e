import WorkflowCore

/// Masks petitioners' personal data for lists and default views: 王*顺, 532301********8156,
/// 135****2659. Masking keeps just enough for an operator to tell people apart.
enum Masking {
    static func name(_ name: String) -> String {
        let characters = Array(name)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }

    /// Keeps the first 6 (region) and last 4 characters of an identity number.
    static func idNumber(_ number: String) -> String {
        keep(number, head: 6, tail: 4)
    }

    /// Keeps the first 3 and last 4 digits of a phone number.
    static func phone(_ phone: String) -> String {
        keep(phone, head: 3, tail: 4)
    }

    /// Keeps the first 6 characters of an address (province, city, county as a rule).
    static func address(_ address: String) -> String {
        let characters = Array(address)
        guard characters.count > 6 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + "****"
    }

    static func petitioner(_ petitioner: Petitioner) -> Petitioner {
        var masked = petitioner
        masked.name = name(petitioner.name)
        masked.idNumber = idNumber(petitioner.idNumber)
        masked.phone = phone(petitioner.phone)
        masked.address = address(petitioner.address)
        return masked
    }

    private static func keep(_ text: String, head: Int, tail: Int) -> String {
        let characters = Array(text)
        guard characters.count > head + tail else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(head)) + String(repeating: "*", count: characters.count - head - tail)
            + String(characters.suffix(tail))
    }
}
