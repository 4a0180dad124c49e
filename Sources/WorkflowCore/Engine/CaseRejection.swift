/// A rule saying no. Thrown by `CaseDecider.decide`; nothing is stored.
/// Each case names the rule and the field, so callers can show exactly what to fix.
public enum CaseRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// A field is missing, malformed or over its limit.
    case invalidField(field: String, problem: String, limit: String?)
    /// No workflow with this id is loaded.
    case unknownWorkflow(String)
    /// The workflow has no such command from the current state.
    case commandNotAllowed(command: String, state: String, stateLabel: String, allowed: [String])
    /// The actor's role may not fire this command.
    case roleDenied(command: String, role: Role, allowedRoles: [Role])
    /// A workflow rule refused the command (e.g. "extension already used").
    case ruleRefused(rule: String, message: String)
    /// The command needs a registered case, or registration needs a new one.
    case caseMissing
    case caseAlreadyExists

    public var description: String {
        switch self {
        case .invalidField(let field, let problem, let limit):
            return "\(field): \(problem)" + (limit.map { " (limit \($0))" } ?? "")
        case .unknownWorkflow(let id):
            return "workflow: unknown workflow `\(id)`"
        case .commandNotAllowed(let command, let state, let label, let allowed):
            let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            return "command `\(command)` is not allowed in state `\(state)` (\(label)); allowed: \(list)"
        case .roleDenied(let command, let role, let roles):
            return "role `\(role)` may not fire `\(command)`; allowed roles: \(roles.map(\.rawValue).joined(separator: ", "))"
        case .ruleRefused(let rule, let message):
            return "\(rule): \(message)"
        case .caseMissing:
            return "case: the command needs an existing case"
        case .caseAlreadyExists:
            return "case: registration needs a new case"
        }
    }

    /// The field path this rejection is about, if any.
    public var field: String? {
        if case .invalidField(let field, _, _) = self { return field }
        return nil
    }

    /// The limit it quotes, if any.
    public var limit: String? {
        if case .invalidField(_, _, let limit) = self { return limit }
        return nil
    }
}
