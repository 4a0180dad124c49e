import Foundation
import GRPCCore
import WorkflowCore

/// Authenticates every call by its bearer token and runs the handler with the caller set
/// as `Principal.current`. The health service is open, so probes need no token.
struct AuthInterceptor: ServerInterceptor {
    let directory: SQLiteDirectory
    let clock: @Sendable () -> Date

    static let openServices: Set<String> = ["grpc.health.v1.Health"]

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        if Self.openServices.contains(context.descriptor.service.fullyQualifiedService) {
            return try await next(request, context)
        }
        guard let header = request.metadata[stringValues: "authorization"].first(where: { _ in true }) else {
            throw RPCError(code: .unauthenticated, message: "missing bearer token: send metadata `authorization: Bearer <token>`")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw RPCError(code: .unauthenticated, message: "authorization metadata must be `Bearer <token>`")
        }
        guard let (token, user) = try await directory.authenticate(secret: String(parts[1]), at: clock()) else {
            throw RPCError(code: .unauthenticated, message: "token is unknown, revoked or expired")
        }
        let tree = try await directory.hierarchy(at: clock())
        let principal = Principal(
            user: user, tokenID: token.id, rights: Rights.rights(for: user), scopeOrgIDs: tree.subtree(of: user.orgID))
        var response = try await Principal.$current.withValue(principal) {
            try await next(request, context)
        }
        // Streaming handlers run in the producer, after this function returns: carry the caller there too.
        if case .success(var contents) = response.accepted {
            let producer = contents.producer
            contents.producer = { writer in
                try await Principal.$current.withValue(principal) { try await producer(writer) }
            }
            response.accepted = .success(contents)
        }
        return response
    }
}

extension Principal {
    /// The caller of the current RPC; the interceptor guarantees one outside open services.
    static func required() throws -> Principal {
        guard let current else { throw RPCError(code: .unauthenticated, message: "no authenticated caller") }
        return current
    }

    /// Throws PERMISSION_DENIED unless the caller holds the right.
    func require(_ right: String, for action: String) throws {
        guard has(right) else {
            throw RPCError(code: .permissionDenied, message: "\(action) needs the `\(right)` right; \(user.id) has roles \(user.roles.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
