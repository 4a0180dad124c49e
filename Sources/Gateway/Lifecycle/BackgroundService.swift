import ServiceLifecycle

/// A loop of the daemon (indexer, scheduler) run as a service: it is cancelled when the
/// graceful shutdown begins, and everything it wrote was already committed.
struct BackgroundService: Service, CustomStringConvertible {
    let description: String
    let body: @Sendable () async throws -> Void

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await body()
        }
    }
}
