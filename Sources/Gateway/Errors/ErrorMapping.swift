import GRPCCore
import WorkflowCore

/// The one place where domain and store errors become gRPC statuses. The status message
/// names the field and the limit; the same facts travel as trailing metadata
/// (`xinfang-error-code`, `xinfang-field`, `xinfang-limit`) for programs.
enum ErrorMapping {
    static func rpcError(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case let rejection as CaseRejection:
            return rpcError(rejection)
        case let error as StoreError:
            switch error.code {
            case .conflict: return make(.aborted, "XINFANG_CONFLICT", error.message)
            case .notFound: return make(.notFound, "ERROR_CODE_NOT_FOUND", error.message)
            case .duplicate: return make(.alreadyExists, "ERROR_CODE_INVALID_FIELD", error.message)
            case .closed: return make(.unavailable, "ERROR_CODE_UNSPECIFIED", "the server is shutting down")
            default: return make(.internalError, "ERROR_CODE_UNSPECIFIED", "internal store error")
            }
        default:
            return make(.internalError, "ERROR_CODE_UNSPECIFIED", "internal error")
        }
    }

    static func rpcError(_ rejection: CaseRejection) -> RPCError {
        switch rejection {
        case .invalidField(let field, _, let limit):
            return make(.invalidArgument, "ERROR_CODE_INVALID_FIELD", rejection.description, field: field, limit: limit)
        case .unknownWorkflow:
            return make(.invalidArgument, "ERROR_CODE_INVALID_FIELD", rejection.description, field: "submission.workflow")
        case .commandNotAllowed:
            return make(.failedPrecondition, "ERROR_CODE_COMMAND_NOT_ALLOWED", rejection.description)
        case .roleDenied:
            return make(.permissionDenied, "ERROR_CODE_ROLE_DENIED", rejection.description)
        case .ruleRefused:
            return make(.failedPrecondition, "ERROR_CODE_RULE_REFUSED", rejection.description)
        case .caseMissing:
            return make(.notFound, "ERROR_CODE_NOT_FOUND", "case not found")
        case .caseAlreadyExists:
            return make(.alreadyExists, "ERROR_CODE_UNSPECIFIED", rejection.description)
        }
    }

    static func invalid(_ field: String, _ problem: String, limit: String? = nil) -> RPCError {
        rpcError(CaseRejection.invalidField(field: field, problem: problem, limit: limit))
    }

    /// A case that does not exist and a case the caller may not see answer the same.
    static func caseNotFound(_ reference: String) -> RPCError {
        make(.notFound, "ERROR_CODE_NOT_FOUND", "case \(reference) not found")
    }

    static func make(_ code: RPCError.Code, _ errorCode: String, _ message: String, field: String? = nil, limit: String? = nil) -> RPCError {
        var metadata = Metadata()
        metadata.addString(errorCode, forKey: "xinfang-error-code")
        if let field { metadata.addString(field, forKey: "xinfang-field") }
        if let limit { metadata.addString(limit, forKey: "xinfang-limit") }
        return RPCError(code: code, message: message, metadata: metadata)
    }
}

/// Runs a handler body and maps whatever it throws through `ErrorMapping`.
func mappingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw ErrorMapping.rpcError(error)
    }
}
