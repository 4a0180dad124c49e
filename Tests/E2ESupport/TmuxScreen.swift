public import Foundation

/// A program running in a tmux pseudo-terminal (on a private tmux server), typed into with
/// send-keys and read back with capture-pane. Waits are bounded polls of the screen.
public final class TmuxScreen: @unchecked Sendable {
    public let socket = "xfsh-e2e-\(UUID().uuidString.prefix(8))"
    public let session = "xfsh"

    /// Starts `command` (run by /bin/sh) in a 120×40 terminal with `environment`.
    public init(_ command: String, environment: [String: String]) throws {
        let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let shell = "env \(exports) \(command); echo XFSH-EXITED-$?; sleep 600"
        try tmux(["-u", "new-session", "-d", "-x", "120", "-y", "40", "-s", session, "/bin/sh", "-c", shell])
    }

    public static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs one tmux client command on this test's own tmux server and returns its output.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = try spawnAndWait(
            "/usr/bin/tmux", ["-L", socket] + arguments, environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"], output: output)
        guard status == 0 else { throw E2EError("tmux \(arguments.first ?? "") exited \(status)") }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Types text literally (no key names).
    public func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    /// Presses keys by tmux name: Enter, Tab, C-c, C-d, BSpace.
    public func press(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    /// The screen's lines, trailing spaces removed.
    public func screen() throws -> [String] {
        try tmux(["capture-pane", "-p", "-t", session]).split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    /// Polls the screen until `condition` holds; fails after `timeout` seconds with the screen.
    @discardableResult
    public func wait(
        _ what: String, timeout: TimeInterval = 20, until condition: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var lines: [String] = []
        while Date() < deadline {
            lines = try screen()
            if condition(lines) { return lines }
            usleep(100_000)
        }
        throw E2EError("timed out waiting for \(what); screen:\n" + lines.joined(separator: "\n"))
    }

    /// Waits until some line contains `text`.
    @discardableResult
    public func wait(for text: String, timeout: TimeInterval = 20) throws -> [String] {
        try wait("`\(text)`", timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// The last non-empty line (where the prompt and the typed text are).
    public static func lastLine(_ lines: [String]) -> String { lines.last { !$0.isEmpty } ?? "" }

    deinit {
        // kill-session hangs up the shell under test; kill-server alone can leave it running.
        _ = try? tmux(["kill-session", "-t", session])
        _ = try? tmux(["kill-server"])
    }
}
