import AsyncHTTPClient
import Foundation
import NIOCore

/// Posts signed status callbacks to the platform, retrying until one is accepted.
struct CallbackSender: Sendable {
    let url: String
    let path: String
    let secret: [UInt8]
    let backoff: RetryBackoff
    let timeout: Duration
    let client: HTTPClient
    /// Told about each failed attempt (for the log; never with personal data).
    let onFailure: @Sendable (_ callbackID: String, _ attempt: Int, _ problem: String) -> Void

    init(
        settings: HotlineSettings, client: HTTPClient,
        onFailure: @escaping @Sendable (_ callbackID: String, _ attempt: Int, _ problem: String) -> Void
    ) {
        url = settings.callbackURL
        let parsed = URL(string: settings.callbackURL)
        let rawPath = parsed?.path ?? "/"
        path = rawPath.isEmpty ? "/" : rawPath
        secret = settings.secret
        backoff = RetryBackoff(initial: settings.retryInitial, maximum: settings.retryMax)
        timeout = settings.callbackTimeout
        self.client = client
        self.onFailure = onFailure
    }

    /// Sends the callback until the platform answers 2xx. Only cancellation (the plugin is
    /// shutting down) ends it otherwise: then the event stays unacknowledged and comes again.
    func deliver(_ callback: StatusCallback) async throws {
        var attempt = 0
        while true {
            try Task.checkCancellation()
            attempt += 1
            let problem: String
            do {
                let status = try await post(callback.json)
                if (200..<300).contains(status) { return }
                problem = "HTTP \(status)"
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                problem = "\(error)"
            }
            onFailure(callback.callbackID, attempt, problem)
            try await Task.sleep(for: backoff.delay(attempt: attempt))
        }
    }

    /// One signed POST; the HTTP status.
    func post(_ body: Data) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        for (name, value) in RequestSignature.headers(secret: secret, method: "POST", path: path, body: body) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let (seconds, attoseconds) = timeout.components
        let response = try await client.execute(request, timeout: .milliseconds(seconds * 1_000 + attoseconds / 1_000_000_000_000_000))
        // Read (and drop) the answer so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}
