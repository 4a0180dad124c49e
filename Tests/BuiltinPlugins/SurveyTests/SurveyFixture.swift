import E2ESupport
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import WireProtocol

/// What an end-to-end survey test sets up: the SMS gateway counterpart, a plugins folder with
/// the survey's manifest, and a daemon serving it with a receptionist and a handler.
struct SurveyFixture {
    let daemon: DaemonProcess
    let receptionist: String
    let handler: String
    let pluginsFolder: URL

    /// Writes the manifest (the plugin binary beside the test bundle) and starts the daemon.
    /// Runs `body` with the SMS gateway counterpart running and a daemon whose survey plugin
    /// sends through it; both are stopped afterwards.
    static func withGateway(
        listen: String, _ body: (SMSGatewayCounterpart, SurveyFixture) async throws -> Void
    ) async throws {
        let gateway = SMSGatewayCounterpart(account: "xf12345", secret: "gw-secret")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await gateway.run() }
            defer { group.cancelAll() }
            let fixture = try SurveyFixture.start(gatewayURL: try await gateway.url(), listen: listen)
            defer { fixture.daemon.stop() }
            try await body(gateway, fixture)
        }
    }

    static func start(gatewayURL: String, listen: String) throws -> SurveyFixture {
        let daemon = try DaemonProcess()
        let folder = daemon.dataDirectory.deletingLastPathComponent().appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("survey"), withIntermediateDirectories: true)
        let manifest = """
            name: survey
            enabled: true
            description: 回访（测试）
            command: \(Binaries.path("survey"))
            actor:
              display_name: 回访插件
              org: root
            grants:
              event_types: [reply_approved, answered_directly, deadline_started]
              workflows: [hotline12345]
              commands: [survey, evaluate, redo]
              read_contact: true
            restart:
              max_failures: 5
              backoff_initial_ms: 200
              backoff_max_ms: 2000
              grace_ms: 3000
            config:
              sms_url: \(gatewayURL)
              sms_account: xf12345
              sms_secret: gw-secret
              sms_sign_name: 12345热线
              sms_template: SURVEY_LINK
              listen: "\(listen)"
              send_delay_minutes: "0"
              link_valid_hours: "72"
              poll_ms: "200"
            """
        try manifest.write(to: folder.appendingPathComponent("survey/manifest.yaml"), atomically: true, encoding: .utf8)
        daemon.serveArguments = ["--plugins", folder.path]
        try daemon.start()
        let (receptionist, handler) = try makeOperators(daemon)
        return SurveyFixture(daemon: daemon, receptionist: receptionist, handler: handler, pluginsFolder: folder)
    }

    /// Registers a 12345 order and drives it to 办结 (completed): 派单, 签收, 回复, 审核通过.
    func completedOrder(key: String, phone: String = "13812345678") async throws -> String {
        let number = try await withClient(daemon, token: receptionist) { client in
            try await Xinfang_V1_IntakeService.Client(wrapping: client).submit(.with {
                $0.submission = .with {
                    $0.idempotencyKey = key
                    $0.channel = "phone"
                    $0.workflow = "hotline12345"
                    $0.subject = "小区路灯不亮"
                    $0.content = "来电反映：小区东门路灯连续三晚不亮，请尽快修复。"
                    $0.petitioner = .with {
                        $0.name = "周九"
                        $0.phone = phone
                    }
                    $0.attributes = [.with { $0.name = "urgency"; $0.value = "ordinary" }]
                }
            }).caseNumber
        }
        try await act(number, "dispatch", ["target_org": "zhujianju"], as: receptionist)
        try await act(number, "sign", [:], as: handler)
        try await act(number, "reply", ["result": "resolved", "reply": "已更换东门路灯灯泡，恢复照明。"], as: handler)
        let state = try await act(number, "approve_reply", [:], as: receptionist)
        guard state == "completed" else { throw E2EError("the order is \(state), not completed") }
        return number
    }

    @discardableResult
    func act(_ number: String, _ command: String, _ fields: [String: String], as token: String) async throws -> String {
        try await withClient(daemon, token: token) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).act(.with {
                $0.caseRef = number
                $0.command = command
                $0.fields = fields.map { name, value in .with { $0.name = name; $0.value = value } }
            }).state
        }
    }

    func fetch(_ number: String) async throws -> Xinfang_V1_Case {
        try await withClient(daemon) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).getCase(.with {
                $0.caseRef = number
                $0.threadLimit = 200
            })
        }
    }

    /// Polls the case until `condition` holds (generous deadline for a loaded CI machine).
    func waitForCase(_ number: String, timeout: TimeInterval = 120, _ what: String, _ condition: (Xinfang_V1_Case) -> Bool) async throws
        -> Xinfang_V1_Case
    {
        let deadline = Date() + timeout
        var last = try await fetch(number)
        while Date() < deadline {
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
            last = try await fetch(number)
        }
        let events = last.thread.map { "\($0.type)(\($0.fields.map { "\($0.name)=\($0.value)" }.joined(separator: ",")))" }
        throw E2EError("case \(number) never reached \(what); it is \(last.summary.state) with \(events) (plugins: \(try await pluginStates()))")
    }

    func pluginStates() async throws -> String {
        try await withClient(daemon) { client in
            try await Xinfang_V1_AdminService.Client(wrapping: client).listPlugins(.init()).plugins.map { "\($0.name)=\($0.state) \($0.lastError)" }
                .joined(separator: "; ")
        }
    }

    /// The root org's satisfaction figure.
    func satisfaction() async throws -> Xinfang_V1_Statistic? {
        try await withClient(daemon) { client in
            let statistics = try await Xinfang_V1_AdminService.Client(wrapping: client).getStatistics(.with { $0.orgID = "root" })
            return statistics.orgs.first { $0.orgID == "root" }?.figures.first { $0.id == "satisfaction_rate" }
        }
    }
}

extension Xinfang_V1_CaseEvent {
    func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
}

/// The link in an SMS text.
func link(in text: String) -> String? {
    guard let start = text.range(of: "http") else { return nil }
    return String(text[start.lowerBound...].prefix { !$0.isWhitespace })
}
