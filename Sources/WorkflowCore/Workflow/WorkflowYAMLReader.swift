import Foundation
import Yams

/// Reads a composed YAML tree strictly: unknown keys, wrong shapes and empty values are
/// errors that name the file, the workflow, the field path and the line.
struct WorkflowYAMLReader {
    let file: String
    var workflow: String?

    func error(
        _ code: WorkflowLoadError.Code, _ field: String, _ node: Node?, _ problem: String
    ) -> WorkflowLoadError {
        WorkflowLoadError(code: code, file: file, workflow: workflow, field: field, line: node?.mark?.line, problem: problem)
    }

    /// A mapping whose keys are all in `allowed` and include every `required` one.
    func mapping(_ node: Node?, at path: String, allowed: [String], required: [String] = []) throws(WorkflowLoadError) -> [String: Node] {
        guard let node else { throw error(.syntax, path, nil, "is missing") }
        guard case .mapping(let mapping) = node else {
            throw error(.syntax, path, node, "must be a mapping with keys \(allowed.joined(separator: ", "))")
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw error(.syntax, path, key, "has a key that is not text") }
            let name = scalar.string
            let keyPath = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                throw error(.unknownKey, keyPath, key, "unknown key `\(name)`; expected one of \(allowed.joined(separator: ", "))")
            }
            guard fields[name] == nil else { throw error(.duplicateID, keyPath, key, "key `\(name)` appears twice") }
            fields[name] = value
        }
        for name in required where fields[name] == nil {
            throw error(.syntax, path.isEmpty ? name : "\(path).\(name)", node, "is missing")
        }
        return fields
    }

    /// A list; a missing key is an empty list.
    func sequence(_ node: Node?, at path: String) throws(WorkflowLoadError) -> [Node] {
        guard let node else { return [] }
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else { throw error(.syntax, path, node, "must be a list") }
        return Array(sequence)
    }

    /// Non-empty text.
    func string(_ node: Node?, at path: String) throws(WorkflowLoadError) -> String {
        guard let node, !isNull(node) else { throw error(.syntax, path, node, "is missing") }
        guard case .scalar(let scalar) = node else {
            throw error(.syntax, path, node, "must be a single value, not a list or mapping")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw error(.syntax, path, node, "is empty") }
        return text
    }

    func optionalString(_ node: Node?, at path: String, default value: String = "") throws(WorkflowLoadError) -> String {
        guard let node, !isNull(node) else { return value }
        return try string(node, at: path)
    }

    /// One id or a list of ids; a missing key is an empty list.
    func strings(_ node: Node?, at path: String) throws(WorkflowLoadError) -> [String] {
        guard let node, !isNull(node) else { return [] }
        if case .scalar = node { return [try string(node, at: path)] }
        return try sequence(node, at: path).enumerated().map { (index, item) throws(WorkflowLoadError) in
            try string(item, at: "\(path)[\(index)]")
        }
    }

    func int(_ node: Node?, at path: String, minimum: Int) throws(WorkflowLoadError) -> Int {
        let text = try string(node, at: path)
        guard let value = Int(text), value >= minimum else {
            throw error(.invalidValue, path, node, "must be a whole number of at least \(minimum), not `\(text)`")
        }
        return value
    }

    func optionalInt(_ node: Node?, at path: String, minimum: Int) throws(WorkflowLoadError) -> Int? {
        guard let node, !isNull(node) else { return nil }
        return try int(node, at: path, minimum: minimum)
    }

    func bool(_ node: Node?, at path: String) throws(WorkflowLoadError) -> Bool? {
        guard let node, !isNull(node) else { return nil }
        switch try string(node, at: path) {
        case "true": return true
        case "false": return false
        case let other: throw error(.invalidValue, path, node, "must be true or false, not `\(other)`")
        }
    }

    /// `days` (the workflow's `days_mean`), `calendar_days`, `working_days`, `hours`, `working_hours`.
    func unit(_ node: Node?, at path: String, daysMean: DeadlineUnit) throws(WorkflowLoadError) -> (DeadlineUnit, Bool)? {
        guard let node, !isNull(node) else { return nil }
        let text = try string(node, at: path)
        if text == "days" { return (daysMean, true) }
        guard let unit = DeadlineUnit(rawValue: text) else {
            let names = ["days"] + DeadlineUnit.allCases.map(\.rawValue)
            throw error(.invalidValue, path, node, "unknown unit `\(text)`; expected one of \(names.joined(separator: ", "))")
        }
        return (unit, false)
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
