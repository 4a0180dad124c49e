import WireProtocol
import WorkflowCore

/// The error frames the host answers with. The codes are the protocol's (plugin.proto,
/// `PluginError.code`); the message names the field and the limit where there is one.
enum PluginErrors {
    static func make(_ code: String, _ message: String, field: String = "", limit: String = "", requestID: UInt64 = 0) -> Xinfang_V1_PluginError {
        Xinfang_V1_PluginError.with {
            $0.requestID = requestID
            $0.code = code
            $0.message = message
            $0.field = field
            $0.limit = limit
        }
    }

    static func notGranted(_ message: String, field: String, requestID: UInt64) -> Xinfang_V1_PluginError {
        make("not_granted", message, field: field, requestID: requestID)
    }

    static func notFound(_ reference: String, field: String, requestID: UInt64) -> Xinfang_V1_PluginError {
        make("not_found", "no case `\(reference)`", field: field, requestID: requestID)
    }

    /// A failure of the engine or the store, as the plugin sees it.
    static func from(_ error: any Error, requestID: UInt64) -> Xinfang_V1_PluginError {
        switch error {
        case let rejection as CaseRejection:
            switch rejection {
            case .invalidField(let field, let problem, let limit):
                return make("invalid_field", "\(field): \(problem)" + (limit.map { " (limit \($0))" } ?? ""), field: field, limit: limit ?? "", requestID: requestID)
            case .unknownWorkflow:
                return make("invalid_field", rejection.description, field: "submission.workflow", requestID: requestID)
            case .commandNotAllowed:
                return make("command_not_allowed", rejection.description, field: "command", requestID: requestID)
            case .roleDenied:
                return make("command_not_allowed", rejection.description, field: "command", requestID: requestID)
            case .ruleRefused:
                return make("rule_refused", rejection.description, requestID: requestID)
            case .caseMissing:
                return make("not_found", rejection.description, field: "case_ref", requestID: requestID)
            case .caseAlreadyExists:
                return make("rule_refused", rejection.description, requestID: requestID)
            }
        case let storeError as StoreError where storeError.code == .notFound:
            return make("not_found", storeError.message, field: "case_ref", requestID: requestID)
        case let storeError as StoreError where storeError.code == .conflict:
            return make("internal", "the case kept changing; try again (\(storeError.message))", requestID: requestID)
        default:
            return make("internal", "the host could not complete the request: \(error)", requestID: requestID)
        }
    }
}
