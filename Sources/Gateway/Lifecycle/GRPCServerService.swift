import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// Runs the gRPC server as a service of the daemon's service group: on graceful shutdown it
/// marks health NOT_SERVING, stops accepting calls and lets in-flight ones finish.
struct GRPCServerService: Service {
    let server: GRPCServer<HTTP2ServerTransport.Posix>
    let health: HealthService
    let shutdown: ShutdownSignal
    let logger: Logger
    /// Called with the bound address once the server listens.
    let onListening: @Sendable (String) -> Void

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                if let address = try await server.listeningAddress {
                    if let ipv4 = address.ipv4 {
                        onListening("\(ipv4.host):\(ipv4.port)")
                    } else if let ipv6 = address.ipv6 {
                        onListening("[\(ipv6.host)]:\(ipv6.port)")
                    } else {
                        onListening("\(address)")
                    }
                }
            }
        } onGracefulShutdown: {
            logger.info("gRPC server: graceful shutdown begins")
            health.setServing(false)
            shutdown.trigger()
            server.beginGracefulShutdown()
        }
    }
}
