import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The HTTP server the platform pushes orders to (Hummingbird), serving ``PushHandler``.
struct PushServer: Sendable {
    let settings: HotlineSettings
    let handler: PushHandler
    /// Called with `http://HOST:PORT` once the server is bound.
    let onBound: @Sendable (String) async -> Void

    /// Serves until the task is cancelled.
    func run() async throws {
        let router = Router()
        router.post(RouterPath(PushHandler.path)) { request, _ -> Response in
            let body: Data
            do {
                let buffer = try await request.body.collect(upTo: OrderLimits.bodyBytes)
                body = Data(buffer.readableBytesView)
            } catch {
                let error = PlatformAPIError.bodyTooLarge(OrderLimits.bodyBytes)
                return Self.json(error.status, error.body)
            }
            let headers = request.headers
            let answer = await handler.answer(
                method: request.method.rawValue, path: request.uri.path,
                headers: { name in HTTPField.Name(name).flatMap { headers[$0] } }, body: body)
            return Self.json(answer.status, answer.body)
        }
        router.get("/api/v1/health") { _, _ -> Response in
            Self.json(200, Data(#"{"code":"ok"}"#.utf8))
        }
        // Hummingbird logs to stdout by default, and stdout carries the plugin's frames.
        var logger = Logger(label: "hotline12345.http") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let host = settings.listenHost
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: settings.listenPort), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.listenPort
                let shown = host.contains(":") ? "[\(host)]" : host
                await onBound("http://\(shown):\(port)")
            },
            logger: logger)
        try await app.run()
    }

    private static func json(_ status: Int, _ body: Data) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
