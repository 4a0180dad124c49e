import AsyncHTTPClient
import Foundation
import NIOCore

/// Pushes a script of orders to the plugin's endpoint, signed as the script says.
struct Pusher {
    let endpoint: String
    let secret: [UInt8]
    static let path = "/api/v1/orders"

    func run(script: URL) async throws {
        guard let steps = try JSONSerialization.jsonObject(with: Data(contentsOf: script)) as? [[String: Any]] else {
            throw PlatformError("the script must be a JSON array of steps")
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            for step in steps {
                let label = step["label"] as? String ?? ""
                let body: Data
                if let raw = step["raw"] as? String {
                    body = Data(raw.utf8)
                } else {
                    body = try JSONSerialization.data(withJSONObject: step["order"] ?? [:], options: [.sortedKeys])
                }
                let headers = signedHeaders(body: body, signing: step["signing"] as? String ?? "good")
                try await send(client, label: label, body: body, headers: headers)
                if step["replay"] as? Bool == true {
                    try await send(client, label: label + "#replay", body: body, headers: headers)
                }
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func signedHeaders(body: Data, signing: String) -> [(String, String)] {
        if signing == "none" { return [] }
        let now = Int64(Date().timeIntervalSince1970)
        let timestamp = String(signing == "stale" ? now - 3_600 : now)
        let nonce = Signing.freshNonce()
        var signature = Signing.signature(secret: secret, method: "POST", path: Self.path, timestamp: timestamp, nonce: nonce, body: body)
        if signing == "bad" {
            // Signed under a different secret.
            signature = Signing.signature(
                secret: Array("not-the-shared-secret".utf8), method: "POST", path: Self.path, timestamp: timestamp, nonce: nonce, body: body)
        }
        return [(Signing.timestampHeader, timestamp), (Signing.nonceHeader, nonce), (Signing.signatureHeader, signature)]
    }

    private func send(_ client: HTTPClient, label: String, body: Data, headers: [(String, String)]) async throws {
        var request = HTTPClientRequest(url: endpoint + Self.path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 1 << 20)
        let parsed = (try? JSONSerialization.jsonObject(with: Data(answer.readableBytesView))) ?? String(buffer: answer)
        let line: [String: Any] = ["label": label, "status": Int(response.status.code), "body": parsed]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
