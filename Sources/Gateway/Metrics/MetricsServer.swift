import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// Serves `GET /metrics` (Prometheus text format) on its own port, apart from gRPC.
struct MetricsServer: Service {
    let host: String
    let port: Int
    let metrics: DaemonMetrics
    let logger: Logger
    let onListening: @Sendable (String) -> Void

    func run() async throws {
        let metrics = self.metrics
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(MetricsHTTPHandler(metrics: metrics))
                }
            }
            .bind(host: host, port: port)
            .get()
        if let address = channel.localAddress, let boundPort = address.port {
            onListening("\(host):\(boundPort)")
        }
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
    }
}

/// One HTTP/1.1 exchange per request: `/metrics` gets the exposition, anything else 404.
final class MetricsHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: DaemonMetrics
    private var path = ""

    init(metrics: DaemonMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
        case .body:
            break
        case .end:
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let path = self.path
            let metrics = self.metrics
            let eventLoop = context.eventLoop
            let promise = eventLoop.makePromise(of: [UInt8].self)
            promise.completeWithTask { path == "/metrics" ? await metrics.scrape() : Array("not found\n".utf8) }
            promise.futureResult.whenSuccess { body in
                let (handler, context) = loopBound.value
                handler.respond(context: context, status: path == "/metrics" ? .ok : .notFound, body: body)
            }
        }
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, body: [UInt8]) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
        headers.add(name: "Content-Length", value: "\(body.count)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
