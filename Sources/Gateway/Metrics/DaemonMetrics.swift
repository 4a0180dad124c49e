import Foundation
import Prometheus
import Synchronization
import WorkflowCore

/// The daemon's Prometheus metrics. Counters move as things happen; gauges of the store
/// (log head, index lag, outbox backlog) are read when Prometheus scrapes.
final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let gauges: Mutex<[@Sendable () async -> Void]> = Mutex([])

    /// Latency buckets for RPCs, in seconds.
    static let rpcBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    func rpcFinished(method: String, code: String, duration: Duration) {
        registry.makeCounter(
            name: "xinfang_rpc_requests_total", labels: [("method", method), ("code", code)],
            help: "gRPC calls by method and status code"
        ).increment()
        registry.makeDurationHistogram(
            name: "xinfang_rpc_duration_seconds", labels: [("method", method)], buckets: Self.rpcBuckets,
            help: "gRPC call latency"
        ).record(duration)
    }

    /// Registers a gauge whose value is read at each scrape.
    func gauge(_ name: String, help: String, labels: [(String, String)] = [], read: @escaping @Sendable () async throws -> Double) {
        let gauge = registry.makeGauge(name: name, labels: labels, help: help)
        gauges.withLock { $0.append { if let value = try? await read() { gauge.set(value) } } }
    }

    /// The text exposition, after refreshing the gauges.
    func scrape() async -> [UInt8] {
        for refresh in gauges.withLock({ $0 }) { await refresh() }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
