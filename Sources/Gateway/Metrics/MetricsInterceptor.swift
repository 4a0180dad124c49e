import GRPCCore

/// Counts every call by method and status code, and times it.
struct MetricsInterceptor: ServerInterceptor {
    let metrics: DaemonMetrics

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = "\(context.descriptor.service.fullyQualifiedService)/\(context.descriptor.method)"
        let start = ContinuousClock.now
        let metrics = self.metrics
        do {
            var response = try await next(request, context)
            switch response.accepted {
            case .success(var contents):
                let producer = contents.producer
                contents.producer = { writer in
                    do {
                        let trailers = try await producer(writer)
                        metrics.rpcFinished(method: method, code: "ok", duration: ContinuousClock.now - start)
                        return trailers
                    } catch {
                        metrics.rpcFinished(method: method, code: Self.code(error), duration: ContinuousClock.now - start)
                        throw error
                    }
                }
                response.accepted = .success(contents)
            case .failure(let error):
                metrics.rpcFinished(method: method, code: Self.code(error), duration: ContinuousClock.now - start)
            }
            return response
        } catch {
            metrics.rpcFinished(method: method, code: Self.code(error), duration: ContinuousClock.now - start)
            throw error
        }
    }

    static func code(_ error: any Error) -> String {
        guard let rpc = error as? RPCError else { return "unknown" }
        return "\(rpc.code)"
    }
}
