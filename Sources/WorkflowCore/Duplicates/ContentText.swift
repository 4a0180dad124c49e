public import Foundation

/// The text duplicate detection compares: letters and digits only, compatibility-folded
/// (fullwidth `１２Ａ` → `12a`), lowercase. Punctuation, spaces and symbols carry no
/// meaning for "is this the same matter" and differ between a letter, a web form and a
/// hotline transcript of the same complaint.
public enum ContentText {
    /// The normalised form of `text`.
    public static func normalised(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in folded(text) { result.append(scalar) }
        return String(result)
    }

    /// Character shingles (`length`-grams) of the normalised text of each part, as 64-bit
    /// ids: shingles never span two parts (subject and content). A part shorter than
    /// `length` gives itself as one shingle. Sorted, without repeats.
    public static func shingles(_ parts: [String], length: Int) -> [UInt64] {
        precondition((1...3).contains(length), "a shingle packs at most 3 scalars into 64 bits")
        var ids: [UInt64] = []
        for part in parts {
            let scalars = folded(part).map { UInt64($0.value) }
            guard !scalars.isEmpty else { continue }
            if scalars.count < length {
                ids.append(pack(scalars[...]))
                continue
            }
            ids.reserveCapacity(ids.count + scalars.count)
            for start in 0...(scalars.count - length) {
                ids.append(pack(scalars[start..<(start + length)]))
            }
        }
        ids.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(ids.count)
        for id in ids where unique.last != id { unique.append(id) }
        return unique
    }

    /// Scalars are at most 21 bits: up to three pack into one 64-bit id without collisions
    /// (a shorter shingle cannot equal a longer one: scalar 0 is never kept).
    private static func pack(_ scalars: ArraySlice<UInt64>) -> UInt64 {
        scalars.reduce(0) { ($0 << 21) | $1 }
    }

    private static func folded(_ text: String) -> [Unicode.Scalar] {
        text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.filter(isKept)
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
