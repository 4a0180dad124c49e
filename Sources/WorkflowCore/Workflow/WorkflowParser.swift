import Foundation
import Yams

/// Turns one YAML document into a `WorkflowDefinition`, checking shapes and values as it
/// goes. Graph checks (reachability, dead ends, references) are `WorkflowValidator`'s.
struct WorkflowParser {
    static let topKeys = ["id", "label", "version", "source", "initial_state", "settings", "states", "transitions", "deadlines"]
    static let stateKeys = ["id", "label", "terminal"]
    static let transitionKeys = [
        "command", "label", "from", "to", "roles", "fields", "optional_fields", "emits", "emits_label", "source",
        "guards", "record_actor_as",
    ]
    static let fieldKeys = ["name", "label", "max_length", "one_of", "type"]
    static let deadlineKeys = [
        "id", "label", "starts_on", "starts_from", "stops_on", "pauses_on", "resumes_on", "amount", "unit",
        "counts_from_next_day", "warn_before", "on_warning", "on_breach", "extended_by", "extension_field",
        "max_extension", "max_extensions", "class_by", "classes", "source",
    ]
    static let classKeys = ["value", "label", "amount", "unit", "warn_before", "max_extension"]
    static let guardKeys = ["rule", "source", "message"] + TransitionGuard.Kind.allCases.map(\.rawValue)

    var reader: WorkflowYAMLReader
    /// The line each list item starts on (`transitions[3]` → 57), for the validator's errors.
    private(set) var lines: [String: Int] = [:]

    init(file: String) { reader = WorkflowYAMLReader(file: file) }

    mutating func parse(yaml text: String) throws(WorkflowLoadError) -> WorkflowDefinition {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw reader.error(.syntax, "(document)", nil, "is not valid YAML: \(error)")
        }
        guard let root else { throw reader.error(.syntax, "(document)", nil, "is empty") }
        let top = try reader.mapping(root, at: "", allowed: Self.topKeys, required: ["id", "label", "initial_state", "states"])
        lines["initial_state"] = top["initial_state"]?.mark?.line
        reader.workflow = try reader.string(top["id"], at: "id")

        var settingValues: [String: String] = [:]
        if let node = top["settings"] {
            let fields = try reader.mapping(node, at: "settings", allowed: WorkflowSettings.keys)
            for (key, value) in fields { settingValues[key] = try reader.string(value, at: "settings.\(key)") }
        }
        let settings: WorkflowSettings
        do {
            settings = try WorkflowSettings(settingValues)
        } catch {
            throw reader.error(.invalidValue, "settings.\(error.key)", top["settings"], error.problem)
        }

        var states: [WorkflowState] = []
        for (index, node) in try reader.sequence(top["states"], at: "states").enumerated() {
            let path = "states[\(index)]"
            lines[path] = node.mark?.line
            let fields = try reader.mapping(node, at: path, allowed: Self.stateKeys, required: ["id", "label"])
            states.append(
                WorkflowState(
                    id: try reader.string(fields["id"], at: "\(path).id"),
                    label: try reader.string(fields["label"], at: "\(path).label"),
                    terminal: try reader.bool(fields["terminal"], at: "\(path).terminal") ?? false))
        }
        var transitions: [WorkflowTransition] = []
        for (index, node) in try reader.sequence(top["transitions"], at: "transitions").enumerated() {
            lines["transitions[\(index)]"] = node.mark?.line
            transitions.append(try transition(node, at: "transitions[\(index)]", settings: settings))
        }
        var deadlines: [DeadlineRule] = []
        for (index, node) in try reader.sequence(top["deadlines"], at: "deadlines").enumerated() {
            lines["deadlines[\(index)]"] = node.mark?.line
            deadlines.append(try deadline(node, at: "deadlines[\(index)]", settings: settings))
        }
        return WorkflowDefinition(
            id: reader.workflow ?? "",
            label: try reader.string(top["label"], at: "label"),
            version: try reader.optionalString(top["version"], at: "version", default: "1"),
            source: try reader.optionalString(top["source"], at: "source"),
            initialState: try reader.string(top["initial_state"], at: "initial_state"),
            states: states, transitions: transitions, deadlines: deadlines, settings: settingValues)
    }

    private func transition(_ node: Node, at path: String, settings: WorkflowSettings) throws(WorkflowLoadError) -> WorkflowTransition {
        let fields = try reader.mapping(
            node, at: path, allowed: Self.transitionKeys, required: ["command", "label", "from", "roles", "emits", "emits_label"])
        let command = try reader.string(fields["command"], at: "\(path).command")
        var guards: [TransitionGuard] = []
        for (index, item) in try reader.sequence(fields["guards"], at: "\(path).guards").enumerated() {
            guards.append(try transitionGuard(item, at: "\(path).guards[\(index)]", command: command, settings: settings))
        }
        let roles = try reader.strings(fields["roles"], at: "\(path).roles")
        if roles.isEmpty { throw reader.error(.syntax, "\(path).roles", fields["roles"], "lists no role") }
        let from = try reader.strings(fields["from"], at: "\(path).from")
        if from.isEmpty { throw reader.error(.syntax, "\(path).from", fields["from"], "lists no state") }
        return WorkflowTransition(
            command: command,
            label: try reader.string(fields["label"], at: "\(path).label"),
            from: from,
            to: try reader.optionalString(fields["to"], at: "\(path).to"),
            roles: roles.map(Role.init(rawValue:)),
            requiredFields: try fieldRules(fields["fields"], at: "\(path).fields"),
            optionalFields: try fieldRules(fields["optional_fields"], at: "\(path).optional_fields"),
            emits: try reader.string(fields["emits"], at: "\(path).emits"),
            emitsLabel: try reader.string(fields["emits_label"], at: "\(path).emits_label"),
            source: try reader.optionalString(fields["source"], at: "\(path).source"),
            guards: guards,
            recordActorAs: try reader.optionalString(fields["record_actor_as"], at: "\(path).record_actor_as"))
    }

    private func fieldRules(_ node: Node?, at path: String) throws(WorkflowLoadError) -> [FieldRule] {
        var rules: [FieldRule] = []
        for (index, item) in try reader.sequence(node, at: path).enumerated() {
            let itemPath = "\(path)[\(index)]"
            let fields = try reader.mapping(item, at: itemPath, allowed: Self.fieldKeys, required: ["name", "label"])
            let typeText = try reader.optionalString(fields["type"], at: "\(itemPath).type", default: "text")
            guard let type = FieldRule.ValueType(rawValue: typeText) else {
                throw reader.error(.invalidValue, "\(itemPath).type", fields["type"], "must be text, integer or date, not `\(typeText)`")
            }
            rules.append(
                FieldRule(
                    name: try reader.string(fields["name"], at: "\(itemPath).name"),
                    label: try reader.string(fields["label"], at: "\(itemPath).label"),
                    maxLength: try reader.optionalInt(fields["max_length"], at: "\(itemPath).max_length", minimum: 1) ?? 0,
                    oneOf: try reader.strings(fields["one_of"], at: "\(itemPath).one_of"),
                    type: type))
        }
        return rules
    }

    private func transitionGuard(
        _ node: Node, at path: String, command: String, settings: WorkflowSettings
    ) throws(WorkflowLoadError) -> TransitionGuard {
        let fields = try reader.mapping(node, at: path, allowed: Self.guardKeys, required: ["rule"])
        let kinds = TransitionGuard.Kind.allCases.filter { fields[$0.rawValue] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            let names = TransitionGuard.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(.syntax, path, node, "must have exactly one of \(names)")
        }
        var result = TransitionGuard(
            kind: kind, rule: try reader.string(fields["rule"], at: "\(path).rule"),
            source: try reader.optionalString(fields["source"], at: "\(path).source"),
            message: try reader.optionalString(fields["message"], at: "\(path).message"))
        let bodyPath = "\(path).\(kind.rawValue)"
        let body = fields[kind.rawValue]
        switch kind {
        case .within, .windowElapsed:
            let spec = try reader.mapping(body, at: bodyPath, allowed: ["after", "amount", "unit", "date_attribute"], required: ["after", "amount", "unit"])
            result.after = try reader.strings(spec["after"], at: "\(bodyPath).after")
            result.amount = try reader.int(spec["amount"], at: "\(bodyPath).amount", minimum: 1)
            result.unit = try reader.unit(spec["unit"], at: "\(bodyPath).unit", daysMean: settings.daysMean)?.0
            result.dateAttribute = try reader.optionalString(spec["date_attribute"], at: "\(bodyPath).date_attribute")
        case .maxCount:
            let spec = try reader.mapping(body, at: bodyPath, allowed: ["command", "max"], required: ["max"])
            result.command = try reader.optionalString(spec["command"], at: "\(bodyPath).command", default: command)
            result.max = try reader.int(spec["max"], at: "\(bodyPath).max", minimum: 1)
        case .pending, .notPending:
            let spec = try reader.mapping(body, at: bodyPath, allowed: ["requested_by", "resolved_by"], required: ["requested_by"])
            result.requestedBy = try reader.string(spec["requested_by"], at: "\(bodyPath).requested_by")
            result.resolvedBy = try reader.strings(spec["resolved_by"], at: "\(bodyPath).resolved_by")
        case .attributeIn:
            let spec = try reader.mapping(body, at: bodyPath, allowed: ["attribute", "values"], required: ["attribute", "values"])
            result.attribute = try reader.string(spec["attribute"], at: "\(bodyPath).attribute")
            result.values = try reader.strings(spec["values"], at: "\(bodyPath).values")
        case .requiresLink, .blockedByLink:
            let spec = try reader.mapping(body, at: bodyPath, allowed: ["kind"], required: ["kind"])
            result.linkKind = try reader.string(spec["kind"], at: "\(bodyPath).kind")
        }
        return result
    }

    private func deadline(_ node: Node, at path: String, settings: WorkflowSettings) throws(WorkflowLoadError) -> DeadlineRule {
        let fields = try reader.mapping(node, at: path, allowed: Self.deadlineKeys, required: ["id", "label"])
        let unit = try reader.unit(fields["unit"], at: "\(path).unit", daysMean: settings.daysMean)
        guard let (resolvedUnit, fromSetting) = unit else {
            throw reader.error(.incompleteDeadline, "\(path).unit", node, "the deadline has no unit (days, calendar_days, working_days, hours, working_hours)")
        }
        let startsText = try reader.optionalString(fields["starts_from"], at: "\(path).starts_from", default: "event")
        guard let startsFrom = DeadlineRule.Start(rawValue: startsText) else {
            throw reader.error(.invalidValue, "\(path).starts_from", fields["starts_from"], "must be event or received_at, not `\(startsText)`")
        }
        var classes: [DeadlineClass] = []
        for (index, item) in try reader.sequence(fields["classes"], at: "\(path).classes").enumerated() {
            let itemPath = "\(path).classes[\(index)]"
            let spec = try reader.mapping(item, at: itemPath, allowed: Self.classKeys, required: ["value", "label"])
            classes.append(
                DeadlineClass(
                    value: try reader.string(spec["value"], at: "\(itemPath).value"),
                    label: try reader.string(spec["label"], at: "\(itemPath).label"),
                    amount: try reader.optionalInt(spec["amount"], at: "\(itemPath).amount", minimum: 1),
                    unit: try reader.unit(spec["unit"], at: "\(itemPath).unit", daysMean: settings.daysMean)?.0,
                    warnBefore: try reader.optionalInt(spec["warn_before"], at: "\(itemPath).warn_before", minimum: 0),
                    maxExtension: try reader.optionalInt(spec["max_extension"], at: "\(itemPath).max_extension", minimum: 0)))
        }
        let extendedBy = try reader.optionalString(fields["extended_by"], at: "\(path).extended_by")
        return DeadlineRule(
            id: try reader.string(fields["id"], at: "\(path).id"),
            label: try reader.string(fields["label"], at: "\(path).label"),
            startsOn: try reader.strings(fields["starts_on"], at: "\(path).starts_on"),
            stopsOn: try reader.strings(fields["stops_on"], at: "\(path).stops_on"),
            pausesOn: try reader.strings(fields["pauses_on"], at: "\(path).pauses_on"),
            resumesOn: try reader.strings(fields["resumes_on"], at: "\(path).resumes_on"),
            amount: try reader.int(fields["amount"], at: "\(path).amount", minimum: 1),
            unit: resolvedUnit,
            countsFromNextDay: try reader.bool(fields["counts_from_next_day"], at: "\(path).counts_from_next_day")
                ?? settings.countsFromNextDay,
            warnBefore: try reader.optionalInt(fields["warn_before"], at: "\(path).warn_before", minimum: 0) ?? 0,
            onBreach: fields["on_breach"] == nil ? ["overdue_event"] : try reader.strings(fields["on_breach"], at: "\(path).on_breach"),
            extendedBy: extendedBy,
            maxExtension: try reader.optionalInt(fields["max_extension"], at: "\(path).max_extension", minimum: 1) ?? 0,
            source: try reader.optionalString(fields["source"], at: "\(path).source"),
            startsFrom: startsFrom,
            maxExtensions: try reader.optionalInt(fields["max_extensions"], at: "\(path).max_extensions", minimum: 1) ?? 1,
            extensionField: try reader.optionalString(fields["extension_field"], at: "\(path).extension_field", default: "extension"),
            onWarning: fields["on_warning"] == nil ? ["warning_event"] : try reader.strings(fields["on_warning"], at: "\(path).on_warning"),
            classBy: try reader.optionalString(fields["class_by"], at: "\(path).class_by"),
            classes: classes,
            unitFromSetting: fromSetting)
    }
}
