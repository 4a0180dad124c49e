import Foundation
import GRPCCore

/// A wrong command line: exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// How xfsh ends, for scripts.
enum ShellExit: Int32 {
    case ok = 0
    /// Anything else failed (I/O, an unexpected error).
    case failure = 1
    /// The command line or a command was wrong.
    case usage = 2
    /// The server answered with an error.
    case server = 3
    /// The connection to the server was lost or could not be made.
    case connection = 4
}

/// What operators read when something fails: Chinese first, the server's own words after,
/// and the field and limit a refused value broke.
struct Failure {
    var exit: ShellExit
    var message: String
    /// The gRPC status code name, for server and connection errors.
    var code: String?
    var errorCode: String?
    var field: String?
    var limit: String?

    static func classify(_ error: any Error) -> (ShellExit, String) {
        let failure = Failure(error)
        return (failure.exit, failure.message)
    }

    init(_ error: any Error) {
        switch error {
        case let usage as UsageError:
            self.init(exit: .usage, message: "用法错误：\(usage.description)")
        case let rpc as RPCError:
            let code = String(describing: rpc.code)
            if rpc.code == .unavailable || rpc.code == .deadlineExceeded {
                // The transport's own cause says why (refused, certificate not trusted, …).
                let cause = rpc.cause.map { "（\(String(describing: $0).prefix(300))）" } ?? ""
                let hint = cause.contains("CERTIFICATE_VERIFY_FAILED") ? "\n  服务器证书不受信任：请用 --ca-cert 指定签发它的 CA 证书" : ""
                self.init(exit: .connection, message: "无法连接服务器：\(rpc.message)\(cause)\(hint)", code: code)
                return
            }
            let field = rpc.metadata[stringValues: "xinfang-field"].first { _ in true }
            let limit = rpc.metadata[stringValues: "xinfang-limit"].first { _ in true }
            let errorCode = rpc.metadata[stringValues: "xinfang-error-code"].first { _ in true }
            var text = "\(Self.label(rpc.code))：\(rpc.message)"
            if let field { text += "\n  字段：\(field)" }
            if let limit { text += "\n  限制：\(limit)" }
            self.init(exit: .server, message: text, code: code, errorCode: errorCode, field: field, limit: limit)
        case is CancellationError:
            self.init(exit: .failure, message: "已中断")
        default:
            self.init(exit: .failure, message: "出错：\(error)")
        }
    }

    init(exit: ShellExit, message: String, code: String? = nil, errorCode: String? = nil, field: String? = nil, limit: String? = nil) {
        self.exit = exit
        self.message = message
        self.code = code
        self.errorCode = errorCode
        self.field = field
        self.limit = limit
    }

    /// The failure as one JSON document (for `--json`).
    var json: String {
        var object: [String: Any] = ["error": message, "exit_code": exit.rawValue]
        if let code { object["code"] = code }
        if let errorCode { object["error_code"] = errorCode }
        if let field { object["field"] = field }
        if let limit { object["limit"] = limit }
        return JSONDocument.object(object)
    }

    static func label(_ code: RPCError.Code) -> String {
        switch code {
        case .invalidArgument: return "输入有误"
        case .unauthenticated: return "身份验证失败"
        case .permissionDenied: return "无此权限"
        case .notFound: return "未找到"
        case .failedPrecondition: return "当前状态不允许"
        case .aborted: return "案件已被他人更新，请重试"
        case .alreadyExists: return "已存在"
        case .unimplemented: return "服务器尚不支持此功能"
        default: return "服务器错误"
        }
    }
}
