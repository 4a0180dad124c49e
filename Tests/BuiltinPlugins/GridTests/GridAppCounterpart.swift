import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The grid workers' app, played by the tests: it speaks the plugin's HTTP/JSON interface
/// (docs/grid.md) over real HTTP with AsyncHTTPClient, as one 网格员 with a token.
struct GridAppCounterpart: Sendable {
    let baseURL: String
    let token: String

    struct Reply: Sendable {
        var status: Int
        var body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errors: [[String: Any]] { json["errors"] as? [[String: Any]] ?? [] }
        var errorFields: [String] { errors.compactMap { $0["field"] as? String } }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, headers: [(String, String)] = [], timeout: TimeAmount = .seconds(60)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 4 * 1024 * 1024)
        return Reply(status: Int(response.status.code), body: Data(buffer.readableBytesView))
    }

    func uploadPhoto(_ data: Data, fileName: String = "scene.png") async throws -> Reply {
        try await send(.POST, "/v1/photos", body: data, headers: [("Content-Type", "image/png"), ("X-File-Name", fileName)])
    }

    func report(_ body: [String: Any]) async throws -> Reply {
        try await send(.POST, "/v1/reports", body: try JSONSerialization.data(withJSONObject: body), headers: [("Content-Type", "application/json")])
    }

    func verify(_ reportID: String, decision: String, note: String) async throws -> Reply {
        let body = try JSONSerialization.data(withJSONObject: ["decision": decision, "note": note])
        return try await send(.POST, "/v1/reports/\(reportID)/verification", body: body, headers: [("Content-Type", "application/json")])
    }

    func messages(after cursor: Int) async throws -> [[String: Any]] {
        let reply = try await send(.GET, "/v1/messages?after=\(cursor)&limit=100")
        return reply.json["messages"] as? [[String: Any]] ?? []
    }

    /// Polls the feed until a message of `kind` for `reportID` arrives after `cursor`.
    func waitForMessage(kind: String, reportID: String, after cursor: Int, deadline: Duration = .seconds(90)) async throws -> [String: Any] {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var seen: [String] = []
        while clock.now < end {
            let page = try await messages(after: cursor)
            seen = page.compactMap { $0["kind"] as? String }
            if let found = page.first(where: { $0["kind"] as? String == kind && $0["report_id"] as? String == reportID }) { return found }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw GridTestError("no `\(kind)` message for \(reportID) after cursor \(cursor) (saw \(seen))")
    }
}

struct GridTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
