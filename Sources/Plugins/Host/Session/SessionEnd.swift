/// What a supervisor is asked to do by an operator or the host.
enum SupervisorRequest: Sendable, Equatable {
    /// Stop the running plugin (if any) and start it again now, forgetting past failures.
    case restart
    /// Stop the plugin and do not start it again.
    case shutdown
}

/// Why one run of a plugin ended.
enum SessionEnd: Sendable, Equatable, CustomStringConvertible {
    /// The process ended by itself; `stderr` is the last line it wrote there, if any.
    case exited(ExitStatus, stderr: String? = nil)
    /// It did not send Hello, did not answer heartbeats, or stopped reading its input.
    case hung(String)
    /// It wrote something that is not a frame, a frame over the limit, or a message that
    /// does not decode.
    case protocolViolation(String)
    /// The handshake was refused (wrong version, wrong name, a capability not granted).
    case refused(code: String, reason: String)
    /// The plugin closed its output (it is exiting); the host then waits for the exit status.
    case outputClosed
    /// The process could not be started.
    case spawnFailed(String)
    /// The host stopped it on request.
    case stopRequested(SupervisorRequest)

    /// A failure counts toward `failed`; a requested stop does not.
    var isFailure: Bool {
        if case .stopRequested = self { return false }
        return true
    }

    var description: String {
        switch self {
        case .exited(let status, let stderr):
            return "the plugin \(status)" + (stderr.map { " (its last stderr line: \($0))" } ?? "")
        case .hung(let reason): return "hung: \(reason)"
        case .protocolViolation(let reason): return "protocol violation: \(reason)"
        case .refused(let code, let reason): return "handshake refused (\(code)): \(reason)"
        case .outputClosed: return "the plugin closed its output"
        case .spawnFailed(let reason): return "could not start: \(reason)"
        case .stopRequested(.restart): return "restarted on request"
        case .stopRequested(.shutdown): return "stopped by the host"
        }
    }
}
