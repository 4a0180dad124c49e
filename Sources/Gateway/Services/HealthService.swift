import GRPCCore
import Synchronization
import WireProtocol

/// The standard grpc.health.v1.Health service: SERVING while the daemon serves,
/// NOT_SERVING once shutdown begins.
final class HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol, Sendable {
    static let services = [
        "", "xinfang.v1.IntakeService", "xinfang.v1.CaseService", "xinfang.v1.EventService", "xinfang.v1.AdminService",
    ]
    private let serving = Mutex(true)

    func setServing(_ value: Bool) { serving.withLock { $0 = value } }

    private var status: Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        serving.withLock { $0 } ? .serving : .notServing
    }

    func check(request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard Self.services.contains(request.service) else {
            throw RPCError(code: .notFound, message: "unknown service `\(request.service)`")
        }
        return .with { $0.status = status }
    }

    func list(request: Grpc_Health_V1_HealthListRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthListResponse {
        let current = status
        return .with { response in
            for service in Self.services { response.statuses[service] = .with { $0.status = current } }
        }
    }

    func watch(
        request: Grpc_Health_V1_HealthCheckRequest, response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        guard Self.services.contains(request.service) else {
            try await response.write(.with { $0.status = .serviceUnknown })
            return
        }
        try await response.write(.with { $0.status = status })
        // The status changes only at shutdown: report it and end the stream, so a watcher
        // never holds up a graceful shutdown.
        while !context.cancellation.isCancelled, status == .serving {
            try? await Task.sleep(for: .milliseconds(200))
        }
        if !context.cancellation.isCancelled { try await response.write(.with { $0.status = status }) }
    }
}
