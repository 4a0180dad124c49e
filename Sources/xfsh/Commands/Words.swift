import Foundation

/// Splits what an operator typed: `;` separates commands, spaces separate words, and
/// quotes ("…" or '…') keep spaces inside a word.
enum Words {
    /// Commands in a `-c` string or a script line, split on `;` outside quotes.
    static func commands(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
            } else if character == "\"" || character == "'" {
                quote = character
                current.append(character)
            } else if character == ";" || character == "\n" {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// Words of one command, quotes removed.
    static func split(_ text: String) throws(UsageError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw UsageError("引号未闭合 (unclosed quote)") }
        if inWord { words.append(current) }
        return words
    }

    /// Words of free text (a reply, a reason): quotes group words when they pair up, and an
    /// unpaired quote is just a character of the text.
    static func lenientSplit(_ text: String) -> [String] {
        (try? split(text)) ?? text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The word being typed at the end of `text` (after the last space), and what precedes it.
    static func lastWord(_ text: String) -> (before: [String], word: String) {
        let endsWithSpace = text.last?.isWhitespace ?? false
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if endsWithSpace || words.isEmpty { return (words, "") }
        let word = words.removeLast()
        return (words, word)
    }
}
