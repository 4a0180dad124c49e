import Foundation
import Yams

/// Reads a composed YAML tree strictly: unknown keys and wrong shapes are errors naming the
/// file and the field path.
struct ManifestReader {
    let file: String

    func error(_ code: ManifestError.Code, _ field: String, _ problem: String) -> ManifestError {
        ManifestError(code, file: file, field: field, problem)
    }

    func isNull(_ node: Node?) -> Bool {
        guard let node else { return true }
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A mapping whose keys are all in `allowed`; a missing section is empty.
    func mapping(_ node: Node?, at path: String, allowed: [String]) throws(ManifestError) -> [String: Node] {
        guard let node, !isNull(node) else { return [:] }
        guard case .mapping(let mapping) = node else {
            throw error(.syntax, path, "must be a mapping with keys \(allowed.joined(separator: ", "))")
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw error(.syntax, path, "has a key that is not text") }
            let name = scalar.string
            let keyPath = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                throw error(.unknownKey, keyPath, "unknown key `\(name)`; expected one of \(allowed.joined(separator: ", "))")
            }
            guard fields[name] == nil else { throw error(.syntax, keyPath, "appears twice") }
            fields[name] = value
        }
        return fields
    }

    /// A scalar as text; nil when absent.
    func optionalString(_ node: Node?, at path: String) throws(ManifestError) -> String? {
        guard let node, !isNull(node) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw error(.syntax, path, "must be a single value, not a list or mapping")
        }
        return scalar.string
    }

    /// Non-empty text.
    func string(_ node: Node?, at path: String, limit: Int = 1_000) throws(ManifestError) -> String {
        guard let text = try optionalString(node, at: path)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw error(.syntax, path, "is missing")
        }
        guard text.count <= limit else {
            throw error(.invalidValue, path, "is \(text.count) characters, over the limit of \(limit)")
        }
        return text
    }

    /// A list of text values (one value alone counts as a list of one); absent: empty.
    func strings(_ node: Node?, at path: String, limit: Int = 1_000) throws(ManifestError) -> [String] {
        guard let node, !isNull(node) else { return [] }
        if case .scalar = node { return [try string(node, at: path, limit: limit)] }
        guard case .sequence(let items) = node else { throw error(.syntax, path, "must be a list") }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            values.append(try string(item, at: "\(path)[\(index)]", limit: limit))
        }
        return values
    }

    /// A mapping of names to text values; absent: empty.
    func dictionary(_ node: Node?, at path: String) throws(ManifestError) -> [String: String] {
        guard let node, !isNull(node) else { return [:] }
        guard case .mapping(let mapping) = node else { throw error(.syntax, path, "must be a mapping of names to values") }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard case .scalar(let name) = key else { throw error(.syntax, path, "has a key that is not text") }
            values[name.string] = try optionalString(value, at: "\(path).\(name.string)") ?? ""
        }
        return values
    }

    func bool(_ node: Node?, at path: String, default value: Bool) throws(ManifestError) -> Bool {
        guard let text = try optionalString(node, at: path) else { return value }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(.invalidValue, path, "must be true or false, not `\(text)`")
        }
    }

    func int(_ node: Node?, at path: String, range: ClosedRange<Int>) throws(ManifestError) -> Int? {
        guard let text = try optionalString(node, at: path) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw error(.invalidValue, path, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not `\(text)`")
        }
        return value
    }

    func milliseconds(_ node: Node?, at path: String, range: ClosedRange<Int>) throws(ManifestError) -> Duration? {
        try int(node, at: path, range: range).map { .milliseconds($0) }
    }
}
