import E2ESupport
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import WireProtocol

/// The people who work 12345 orders in the end-to-end test: a receptionist who dispatches, a
/// handler of 住建局 who signs, returns, asks for more time and replies, and a supervisor who
/// decides extensions and reviews replies. Each acts over gRPC with a token of its own.
struct HotlineOperators: Sendable {
    let daemon: DaemonProcess
    let receptionistToken: String
    let handlerToken: String
    let supervisorToken: String

    func dispatch(_ caseNumber: String) async throws {
        try await act(receptionistToken, caseNumber, "dispatch", ["target_org": "zhujianju"])
    }

    func handler(_ caseNumber: String, _ command: String, _ fields: [String: String] = [:]) async throws {
        try await act(handlerToken, caseNumber, command, fields)
    }

    func supervisor(_ caseNumber: String, _ command: String, _ fields: [String: String] = [:]) async throws {
        try await act(supervisorToken, caseNumber, command, fields)
    }

    private func act(_ token: String, _ caseNumber: String, _ command: String, _ fields: [String: String]) async throws {
        _ = try await withClient(daemon, token: token) { client in
            try await Xinfang_V1_CaseService.Client(wrapping: client).act(.with {
                $0.caseRef = caseNumber
                $0.command = command
                $0.fields = fields.sorted { $0.key < $1.key }.map { name, value in .with { $0.name = name; $0.value = value } }
            })
        }
    }
}

/// Creates 住建局 and the three operators with the admin token; returns their tokens.
func makeHotlineOperators(_ daemon: DaemonProcess) async throws -> HotlineOperators {
    try await withClient(daemon) { client in
        let admin = Xinfang_V1_AdminService.Client(wrapping: client)
        _ = try await admin.createOrg(.with { $0.org = .with { $0.id = "zhujianju"; $0.name = "住建局"; $0.parentID = "root"; $0.level = "department" } })
        var tokens: [String] = []
        for (id, name, org, role) in [
            ("u-zhang", "张三", "root", "receptionist"), ("u-li", "李四", "zhujianju", "handler"), ("u-wang", "王五", "root", "supervisor"),
        ] {
            _ = try await admin.createUser(.with {
                $0.user = .with {
                    $0.id = id
                    $0.displayName = name
                    $0.orgID = org
                    $0.roles = [role]
                }
            })
            tokens.append(try await admin.createToken(.with { $0.userID = id; $0.label = "hotline e2e" }).secret)
        }
        return HotlineOperators(daemon: daemon, receptionistToken: tokens[0], handlerToken: tokens[1], supervisorToken: tokens[2])
    }
}
