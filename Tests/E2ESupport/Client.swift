public import Foundation
public import GRPCCore
public import GRPCNIOTransportHTTP2
public import WireProtocol

/// A Swift gRPC client over real HTTP/2 to a daemon under test.
public func withClient<T: Sendable>(
    _ daemon: DaemonProcess, token: String? = nil,
    _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
) async throws -> T {
    let parts = daemon.address.split(separator: ":")
    let transport = try HTTP2ClientTransport.Posix(
        target: .ipv4(address: String(parts[0]), port: Int(parts[1])!), transportSecurity: .plaintext)
    return try await withGRPCClient(transport: transport, interceptors: [BearerTokenInterceptor(token: token ?? daemon.token)], handleClient: body)
}

public func walkInSubmission(key: String, subject: String, name: String = "王大顺") -> Xinfang_V1_SubmitRequest {
    .with {
        $0.submission = .with {
            $0.idempotencyKey = key
            $0.channel = "visit"
            $0.subject = subject
            $0.content = "来访反映：\(subject)，请求有关部门处理。"
            $0.petitioner = .with {
                $0.name = name
                $0.phone = "13512342659"
            }
        }
    }
}
