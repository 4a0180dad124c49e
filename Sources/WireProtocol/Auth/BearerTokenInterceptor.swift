public import GRPCCore

/// Sends a bearer token with every call (`authorization: Bearer <token>`), as the daemon
/// expects. Shared by xfsh, the benchmarks and the tests.
public struct BearerTokenInterceptor: ClientInterceptor {
    public let token: String

    public init(token: String) { self.token = token }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        request.metadata.addString("Bearer \(token)", forKey: "authorization")
        return try await next(request, context)
    }
}
