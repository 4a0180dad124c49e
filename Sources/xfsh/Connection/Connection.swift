import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCNIOTransportCore
import Synchronization
import Foundation
import WireProtocol

/// The stubs of one connection to the daemon. The client behind them reconnects by itself
/// after the daemon goes away; a call made while it is away fails as `unavailable`.
struct Connection: Sendable {
    let intake: Xinfang_V1_IntakeService.Client<HTTP2ClientTransport.Posix>
    let cases: Xinfang_V1_CaseService.Client<HTTP2ClientTransport.Posix>
    let events: Xinfang_V1_EventService.Client<HTTP2ClientTransport.Posix>
    let admin: Xinfang_V1_AdminService.Client<HTTP2ClientTransport.Posix>

    /// Connects, runs `body` with the stubs, and closes the connection.
    static func with<T: Sendable>(_ settings: Settings, _ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let transport = try HTTP2ClientTransport.Posix(
            target: Self.target(settings.address),
            transportSecurity: Self.security(settings),
            config: .defaults {
                // Operators wait for a restarted daemon: retry often rather than back off for minutes.
                $0.backoff = .init(initial: .milliseconds(200), max: .seconds(3), multiplier: 1.6, jitter: 0.2)
            })
        let result = Mutex<T?>(nil)
        do {
            try await withGRPCClient(transport: transport, interceptors: [BearerTokenInterceptor(token: settings.token)]) { client in
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

    /// An IP literal is dialled as such: named as DNS it would be sent as the TLS server name
    /// (SNI), where IP addresses are not allowed.
    private static func target(_ address: ServerAddress) -> any ResolvableTarget {
        if IPv4Address(address.host) != nil { return .ipv4(address: address.host, port: address.port) }
        if address.host.contains(":") { return .ipv6(address: address.host, port: address.port) }
        return .dns(host: address.host, port: address.port)
    }

    private static func security(_ settings: Settings) -> HTTP2ClientTransport.Posix.TransportSecurity {
        guard settings.tls else { return .plaintext }
        let trust = { (roots: inout TLSConfig.TrustRootsSource) in
            if let ca = settings.caCertificate { roots = .certificates([.file(path: ca, format: .pem)]) }
        }
        if let certificate = settings.clientCertificate, let key = settings.clientKey {
            return .mTLS(certificateChain: [.file(path: certificate, format: .pem)], privateKey: .file(path: key, format: .pem)) {
                trust(&$0.trustRoots)
            }
        }
        return .tls { trust(&$0.trustRoots) }
    }
}
