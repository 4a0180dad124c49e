/// A field a workflow command requires, as the shell maps typed words onto it.
struct FieldSpec: Equatable, Sendable {
    var name: String
    var label: String
    /// Allowed values, when the field is an enumeration.
    var choices: [String] = []
    /// The field names an org (`target_org`): typed as a name or id, sent as the id.
    var isOrg: Bool = false
    /// Most characters allowed (0: the server's general field limit).
    var maxLength: Int = 0

    /// Takes one word when typed positionally; free text takes the rest of the line.
    var isOneWord: Bool { isOrg || !choices.isEmpty }
}

/// Maps the words after `/command` onto the command's required fields: `name=value` words
/// fill fields by name; the rest fill the remaining fields in order, one word for a choice
/// or an org, and the last free-text field takes the rest of the line.
enum FieldMapper {
    struct Mapping: Equatable {
        var fields: [String: String] = [:]
        /// Required fields no word filled, in order.
        var missing: [FieldSpec] = []
        /// Words left over once every field was filled.
        var leftover: String = ""
    }

    static func map(_ words: [String], required: [FieldSpec]) -> Mapping {
        var mapping = Mapping()
        var positional: [String] = []
        for word in words {
            if let equals = word.firstIndex(of: "="), isFieldName(word[..<equals]) {
                mapping.fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
            } else {
                positional.append(word)
            }
        }
        let open = required.filter { mapping.fields[$0.name] == nil }
        for (index, spec) in open.enumerated() {
            guard let word = positional.first else {
                mapping.missing.append(spec)
                continue
            }
            if !spec.choices.isEmpty {
                guard spec.choices.contains(word) else {
                    mapping.missing.append(spec)
                    continue
                }
                mapping.fields[spec.name] = positional.removeFirst()
            } else if spec.isOrg {
                mapping.fields[spec.name] = positional.removeFirst()
            } else {
                let laterText = open[(index + 1)...].contains { !$0.isOneWord }
                if laterText {
                    mapping.fields[spec.name] = positional.removeFirst()
                } else {
                    mapping.fields[spec.name] = positional.joined(separator: " ")
                    positional.removeAll()
                }
            }
        }
        mapping.leftover = positional.joined(separator: " ")
        return mapping
    }

    /// `reason` in `reason=…`: lowercase ASCII letters, digits and `_`, starting with a letter.
    static func isFieldName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLowercase else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}
