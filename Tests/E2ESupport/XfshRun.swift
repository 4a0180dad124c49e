public import Foundation

/// Runs the real `xfsh` against a daemon under test, with no config file or history of the user's.
public struct XfshRun {
    public let daemon: DaemonProcess
    public let token: String
    public let home: URL

    public init(_ daemon: DaemonProcess, token: String? = nil) {
        self.daemon = daemon
        self.token = token ?? daemon.token
        home = daemon.dataDirectory.deletingLastPathComponent()
    }

    public var environment: [String: String] {
        [
            "XFSH_SERVER": daemon.address, "XFSH_TOKEN": token, "XFSH_CONFIG": "/dev/null",
            "XFSH_HISTORY": home.appendingPathComponent("history-\(token.suffix(6))").path, "LANG": "C.UTF-8",
        ]
    }

    /// `xfsh [--json] -c commands`.
    public func run(_ commands: String, json: Bool = false) throws -> Finished {
        try runProgram(Binaries.path("xfsh"), (json ? ["--json"] : []) + ["-c", commands], environment: environment)
    }

    /// Each stdout line parsed as one JSON document.
    public func documents(_ commands: String) throws -> [[String: Any]] {
        let result = try run(commands, json: true)
        guard result.status == 0 else { throw E2EError("xfsh --json -c \(commands) exited \(result.status): \(result.stderr)") }
        return try result.stdout.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw E2EError("not a JSON object: \(line)")
            }
            return object
        }
    }

    /// The interactive shell in a tmux terminal.
    public func interactive() throws -> TmuxScreen {
        try TmuxScreen(Binaries.path("xfsh"), environment: environment.merging(["TERM": "xterm-256color"]) { $1 })
    }
}

/// Two orgs (信访局 at the root, 住建局 below it) and a receptionist and a handler, made with
/// xfsh's own admin commands; returns the users' tokens.
public func makeOperators(_ daemon: DaemonProcess) throws -> (receptionist: String, handler: String) {
    let admin = XfshRun(daemon)
    let setup = try admin.run(
        "org add zhujianju 住建局 --parent root; user add u-zhang 张三 --org root --role receptionist; "
            + "user add u-li 李四 --org 住建局 --role handler")
    guard setup.status == 0 else { throw E2EError("setup failed: \(setup.stderr)") }
    let tokens = try admin.documents("token new u-zhang; token new u-li").map { $0["secret"] as? String ?? "" }
    return (tokens[0], tokens[1])
}
