import Foundation
import Hummingbird

/// JSON answers of the app's interface: documents on success, `{"errors": [...]}` on refusal.
enum HTTPReplies {
    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func errors(_ errors: [GridError]) -> Response {
        let status = errors.first.map { HTTPResponse.Status(code: $0.code.httpStatus) } ?? .unprocessableContent
        var headers = HTTPFields()
        if errors.first?.code == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"grid\"" }
        var response = json(["errors": errors.map(document)], status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    static func document(_ error: GridError) -> [String: Any] {
        var object: [String: Any] = ["code": error.code.description, "field": error.field, "message": error.message]
        if let limit = error.limit { object["limit"] = limit }
        return object
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func report(_ record: ReportRecord) -> [String: Any] {
        [
            "report_id": record.reportID, "case_number": record.caseNumber, "state": record.state,
            "event_type": record.eventType, "cell": record.grid, "submitted_at": time(record.submittedAt),
            "awaiting_verification": record.awaitingVerification,
        ]
    }

    static func message(_ message: FeedMessage) -> [String: Any] {
        var object: [String: Any] = [
            "cursor": message.cursor, "report_id": message.reportID, "case_number": message.caseNumber, "kind": message.kind,
            "title": message.title, "text": message.text, "at": time(message.at), "state": message.state, "actions": message.actions,
        ]
        if let deadline = message.deadline {
            object["deadline"] = ["id": deadline.id, "label": deadline.label, "due_at": time(deadline.dueAt)]
        }
        return object
    }
}

/// Reading request bodies within a limit.
enum HTTPBodies {
    /// The whole body, or a `too_large` refusal naming `field` and `limit` bytes. An oversized
    /// body is still read to its end (and thrown away), so the client gets the refusal rather
    /// than a reset connection; a body past ``drainLimit`` is not read further.
    static func read(_ request: Request, limit: Int, field: String) async throws -> Data {
        var data = Data()
        var total = 0
        for try await buffer in request.body {
            total += buffer.readableBytes
            if total <= limit {
                data.append(contentsOf: buffer.readableBytesView)
            } else if total > drainLimit {
                break
            }
        }
        guard total <= limit else {
            throw GridError(.tooLarge, field: field, limit: "\(limit) bytes", "\(field) 有 \(total) 字节，超过 \(limit) 字节的上限")
        }
        return data
    }

    static let drainLimit = 64 * 1024 * 1024

    /// Reads a body to its end (up to ``drainLimit``) and throws it away.
    static func discard(_ request: Request) async {
        var total = 0
        do {
            for try await buffer in request.body {
                total += buffer.readableBytes
                if total > drainLimit { break }
            }
        } catch {
            // The client went away: nothing to answer.
        }
    }

    /// A JSON object body, or a refusal naming what is wrong with it.
    static func object(_ request: Request) async throws -> [String: JSONValue] {
        let data = try await read(request, limit: GridLimits.maxJSONBodyBytes, field: "body")
        guard let value = JSONValue.parse(data), let object = value.object else {
            throw GridError.invalid("body", limit: "a JSON object", "请求体应为 JSON 对象（Content-Type: application/json）")
        }
        return object
    }
}
