import GRPCCore
import Synchronization
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
        let result = Mutex<T?>(nil)
        do {
            try await withGRPCClient(transport: transport, interceptors: [BearerTokenInterceptor(token: token)]) { client in
                let connection = Connection(
                    intake: .init(wrapping: client), cases: .init(wrapping: client), events: .init(wrapping: client),
                    admin: .init(wrapping: client))
                let value = try await body(connection)
                result.withLock { $0 = value }
            }
        } catch {
            // A body that finished before the client started its connections makes the client
            // report that it was stopped; the body's answer stands.
            if let value = result.withLock({ $0 }) { return value }
            throw error
        }
        return result.withLock { $0 }!
    }
}
