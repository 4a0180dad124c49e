/// `--name value` and `--switch` arguments of a shell command, beside positional words.
struct Flags {
    var values: [String: [String]] = [:]
    var switches: Set<String> = []
    var positional: [String] = []

    /// - Parameters:
    ///   - valued: flags that take a value (`--state`), written without the dashes.
    ///   - switches: flags that take none (`--overdue`).
    init(_ arguments: [String], command: String, valued: Set<String>, switches known: Set<String> = []) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positional.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if known.contains(name) {
                switches.insert(name)
            } else if valued.contains(name) {
                if let inline {
                    values[name, default: []].append(inline)
                } else {
                    guard index < arguments.count else { throw UsageError("\(command) 的 --\(name) 需要一个值") }
                    values[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                let all = (valued.union(known)).sorted().map { "--\($0)" }.joined(separator: " ")
                throw UsageError("\(command) 不认识参数 --\(name)；可用：\(all)")
            }
        }
    }

    func last(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { switches.contains(name) }

    /// A positive whole number, or a usage error naming the flag.
    func positive(_ name: String, command: String, max: Int = Int(UInt32.max)) throws(UsageError) -> Int? {
        guard let text = last(name) else { return nil }
        guard let value = Int(text), value > 0, value <= max else {
            throw UsageError("\(command) 的 --\(name) 需要 1 到 \(max) 之间的整数，而不是 `\(text)`")
        }
        return value
    }
}
