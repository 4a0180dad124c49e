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

/// What operators read when something fails: Chinese first, the server's own words after.
enum Failure {
    static func classify(_ error: any Error) -> (ShellExit, String) {
        switch error {
        case let usage as UsageError:
            return (.usage, "用法错误：\(usage.description)")
        case let rpc as RPCError:
            if rpc.code == .unavailable || rpc.code == .deadlineExceeded {
                return (.connection, "无法连接服务器：\(rpc.message)")
            }
            var text = "\(label(rpc.code))：\(rpc.message)"
            let field = rpc.metadata[stringValues: "xinfang-field"].first { _ in true }
            let limit = rpc.metadata[stringValues: "xinfang-limit"].first { _ in true }
            if let field { text += "\n  字段：\(field)" }
            if let limit { text += "\n  限制：\(limit)" }
            return (.server, text)
        default:
            return (.failure, "出错：\(error)")
        }
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
        case .unimplemented: return "服务器尚不支持"
        default: return "服务器错误"
        }
    }
}
