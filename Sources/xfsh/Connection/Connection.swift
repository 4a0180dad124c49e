import GRPCCore
import GRPCNIOTransportHTTP2
import WireProtocol

/// The stubs of one connection to the daemon.
struct Connection: Sendable {
    let intake: Xinfang_V1_IntakeService.Client<HTTP2ClientTransport.Posix>
    let cases: Xinfang_V1_CaseService.Client<HTTP2ClientTransport.Posix>
    let events: Xinfang_V1_EventService.Client<HTTP2ClientTransport.Posix>
    let admin: Xinfang_V1_AdminService.Client<HTTP2ClientTransport.Posix>

    /// Connects, runs `body` with the stubs, and closes the connection.
    static func with<T: Sendable>(
        _ address: ServerAddress, token: String, _ body: @Sendable (Connection) async throws -> T
    ) async throws -> T {
        let transport = try HTTP2ClientTransport.Posix(
            target: .dns(host: address.host, port: address.port), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport, interceptors: [BearerTokenInterceptor(token: token)]) { client in
            let connection = Connection(
                intake: .init(wrapping: client), cases: .init(wrapping: client), events: .init(wrapping: client),
                admin: .init(wrapping: client))
            return try await body(connection)
        }
    }
}
