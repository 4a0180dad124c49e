public import Foundation

/// Normalises a petitioner's ID number and phone so that the same person written two ways
/// (`+86 135-1234-5678` and `13512345678`, an old 15-digit ID and its 18-digit form, a
/// fullwidth `１３５…`) gives the same value. The values are only ever hashed with the site
/// key; they are never stored or logged.
public enum PetitionerIdentity {
    /// The normalised values to key, each with its kind as a prefix (`id:…`, `phone:…`) so an
    /// ID number and a phone number can never match each other.
    public static func normalisedValues(of petitioner: Petitioner) -> [String] {
        var values: [String] = []
        if let id = normalisedResidentID(petitioner.idNumber) { values.append("id:" + id) }
        if let phone = normalisedPhone(petitioner.phone) { values.append("phone:" + phone) }
        return values
    }

    /// The keyed identities of a petitioner under the site key.
    public static func keys(of petitioner: Petitioner, siteKey: SiteKey) -> [Data] {
        normalisedValues(of: petitioner).map(siteKey.identityKey)
    }

    /// An 18-character resident ID (uppercase `X`), or nil when the text is not one.
    /// A 15-digit first-generation number is widened (century `19`, check character
    /// computed). An 18-character number whose check character is wrong is refused: it is a
    /// typo or a placeholder (`000000000000000000`), and matching on it would link strangers.
    public static func normalisedResidentID(_ text: String) -> String? {
        let compact = String(
            text.precomposedStringWithCompatibilityMapping.uppercased()
                .unicodeScalars.filter { !separators.contains($0) }.map(Character.init))
        switch compact.count {
        case 18:
            return ResidentID.isWellFormed(compact) && Set(compact.prefix(17)).count > 1 ? compact : nil
        case 15:
            guard compact.allSatisfy({ $0.isASCII && $0.isNumber }), Set(compact).count > 1 else { return nil }
            let first17 = String(compact.prefix(6)) + "19" + String(compact.dropFirst(6))
            guard let check = ResidentID.checkCharacter(for: first17) else { return nil }
            return first17 + String(check)
        default:
            return nil
        }
    }

    /// Digits only: a mobile as its 11 digits (country code `+86`/`0086`/`86` and a dialled
    /// trunk `0` removed), a landline with its area code (`010…`, `0571…`; `+86 10 …` gets
    /// its `0` back), an extension (`转`, `ext`, `#`) dropped. Nil when fewer than 7 digits
    /// remain or the text holds anything but digits and separators.
    public static func normalisedPhone(_ text: String) -> String? {
        var folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        for marker in ["转", "ext", "#", "分机"] {
            if let range = folded.range(of: marker) { folded = String(folded[..<range.lowerBound]) }
        }
        var international = false
        var body = Substring(folded.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("+") {
            international = true
            body = body.dropFirst()
        }
        var digits = ""
        for scalar in body.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if !separators.contains(scalar) {
                return nil
            }
        }
        if digits.hasPrefix("0086") {
            digits.removeFirst(4)
            international = true
        } else if international {
            guard digits.hasPrefix("86") else { return nil }  // another country: not ours to fold
            digits.removeFirst(2)
        } else if digits.count == 13, digits.hasPrefix("861") {
            digits.removeFirst(2)
        }
        if international, !isMobile(digits[...]), !digits.hasPrefix("0") {
            digits = "0" + digits  // +86 10 12345678 is dialled 010 12345678 at home
        }
        if digits.count == 12, digits.hasPrefix("01"), isMobile(digits.dropFirst()) {
            digits.removeFirst()  // 013512345678: a trunk 0 dialled before a mobile
        }
        guard digits.count >= 7, Set(digits).count > 1 else { return nil }
        return digits
    }

    private static func isMobile(_ digits: Substring) -> Bool {
        digits.count == 11 && digits.hasPrefix("1") && digits.dropFirst().first.map { "3456789".contains($0) } == true
    }

    /// What people put between digits: spaces, dashes, dots, brackets, slashes.
    private static let separators: Set<Unicode.Scalar> = [
        " ", "\t", "-", "\u{2010}", "\u{2013}", "\u{2014}", "\u{2212}", ".", "(", ")", "/", "\u{3000}",
    ]
}
