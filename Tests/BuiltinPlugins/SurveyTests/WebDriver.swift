import AsyncHTTPClient
import E2ESupport
import Foundation

/// A real headless Chromium driven over the W3C WebDriver HTTP protocol: `chromedriver` runs
/// as a child process on a free port, and each call is an HTTP request to it.
final class WebDriver: @unchecked Sendable {
    private let process = Process()
    private let base: String
    private let profile: URL
    private var session = ""
    private let client = HTTPClient.shared

    /// The W3C key of an element reference in WebDriver answers.
    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// Starts chromedriver and a Chromium session (headless, phone-sized window).
    static func start() async throws -> WebDriver {
        let driver = try WebDriver()
        do {
            try await driver.waitUntilReady()
            try await driver.newSession()
        } catch {
            driver.stop()
            throw error
        }
        return driver
    }

    private init() throws {
        let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromedriver else { throw E2EError("chromedriver is not installed (scripts/install-deps installs chromium-driver)") }
        let port = try freePort()
        base = "http://127.0.0.1:\(port)"
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("survey-chromium-\(UUID().uuidString)")
        process.executableURL = URL(fileURLWithPath: chromedriver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    private func waitUntilReady() async throws {
        let deadline = Date() + 60
        while Date() < deadline {
            if let answer = try? await call("GET", "/status"), (answer["ready"] as? Bool) == true { return }
            guard process.isRunning else { throw E2EError("chromedriver exited at start") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("chromedriver was not ready within 60 s")
    }

    private func newSession() async throws {
        let chromium = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/chromium"
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": chromium,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=412,915",
                            "--user-data-dir=\(profile.path)", "--lang=zh-CN",
                        ],
                    ],
                ]
            ]
        ]
        let answer = try await call("POST", "/session", capabilities, timeout: 120)
        guard let id = answer["sessionId"] as? String else { throw E2EError("no session id in \(answer)") }
        session = id
    }

    /// Opens a URL and waits for the page to load.
    func open(_ url: String) async throws {
        _ = try await call("POST", "/session/\(session)/url", ["url": url], timeout: 120)
    }

    /// The element matching a CSS selector; throws when there is none.
    func element(_ selector: String) async throws -> String {
        let answer = try await call("POST", "/session/\(session)/element", ["using": "css selector", "value": selector])
        guard let element = answer[Self.elementKey] as? String else { throw E2EError("no element `\(selector)`: \(answer)") }
        return element
    }

    /// Waits until an element matching the selector exists (after a form submission loads).
    func waitForElement(_ selector: String, timeout: TimeInterval = 60) async throws -> String {
        let deadline = Date() + timeout
        while Date() < deadline {
            if let element = try? await element(selector) { return element }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("no element `\(selector)` within \(Int(timeout)) s; page: \(try await source().prefix(2000))")
    }

    func click(_ element: String) async throws {
        _ = try await call("POST", "/session/\(session)/element/\(element)/click", [String: String]())
    }

    func type(_ text: String, into element: String) async throws {
        _ = try await call("POST", "/session/\(session)/element/\(element)/value", ["text": text])
    }

    func text(of element: String) async throws -> String {
        try await command("GET", "/session/\(session)/element/\(element)/text") as? String ?? ""
    }

    func attribute(_ name: String, of element: String) async throws -> String? {
        try await command("GET", "/session/\(session)/element/\(element)/attribute/\(name)") as? String
    }

    func isSelected(_ element: String) async throws -> Bool {
        try await command("GET", "/session/\(session)/element/\(element)/selected") as? Bool ?? false
    }

    func source() async throws -> String {
        try await command("GET", "/session/\(session)/source") as? String ?? ""
    }

    /// A PNG of the window (for looking at the page while developing).
    func screenshot() async throws -> Data {
        let encoded = try await command("GET", "/session/\(session)/screenshot") as? String ?? ""
        return Data(base64Encoded: encoded) ?? Data()
    }

    /// Ends the session and chromedriver.
    func quit() async {
        if !session.isEmpty { _ = try? await call("DELETE", "/session/\(session)") }
        stop()
    }

    private func stop() {
        // chromedriver does not exit on SIGTERM once it has run a session; its browser is
        // gone with the session, so a hard kill loses nothing.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: profile)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// One WebDriver command; returns the answer's `value`, throwing on a WebDriver error.
    private func command(_ method: String, _ path: String, _ body: Any? = nil, timeout: Int64 = 60) async throws -> Any {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await client.execute(request, timeout: .seconds(timeout))
        let bytes = Array(try await response.body.collect(upTo: 64 * 1024 * 1024).readableBytesView)
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? [String: Any] ?? [:]
        let value = object["value"] ?? NSNull()
        if response.status.code != 200 {
            let error = (value as? [String: Any]).map { "\($0["error"] ?? ""): \($0["message"] ?? "")" } ?? "\(value)"
            throw E2EError("WebDriver \(method) \(path): HTTP \(response.status.code): \(error)")
        }
        return value
    }

    @discardableResult
    private func call(_ method: String, _ path: String, _ body: Any? = nil, timeout: Int64 = 60) async throws -> [String: Any] {
        try await command(method, path, body, timeout: timeout) as? [String: Any] ?? [:]
    }
}

/// A TCP port free on the loopback now (bound to port 0 and released).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw E2EError("socket: \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    guard bound == 0 else { throw E2EError("bind: \(errno)") }
    let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    guard named == 0 else { throw E2EError("getsockname: \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
