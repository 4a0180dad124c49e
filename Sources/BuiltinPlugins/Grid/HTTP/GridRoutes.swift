import Foundation
import Hummingbird

/// The grid app's HTTP/JSON interface (docs/grid.md). Every endpoint but `/v1/health` needs
/// `Authorization: Bearer <worker token>`.
struct GridRoutes: Sendable {
    let service: GridService
    let workers: WorkerDirectory
    let eventTypes: EventTypeTable
    let cells: CellTable
    /// The largest photo accepted: ``GridLimits/maxPhotoBytes``, or less when the host's
    /// frames are smaller (a photo travels to the host in one frame).
    let photoLimit: Int

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/v1/health") { _, _ in HTTPReplies.json(["status": "ok"]) }
        router.get("/v1/event-types") { request, _ in
            await answer(request) { _ in
                HTTPReplies.json(["event_types": eventTypes.types.map(Self.document)])
            }
        }
        router.get("/v1/cells") { request, _ in
            await answer(request) { worker in
                HTTPReplies.json(["cells": cells.cells.filter(worker.mayReport(in:)).map(Self.document)])
            }
        }
        router.post("/v1/photos") { request, _ in
            await answer(request) { worker in
                let data = try await HTTPBodies.read(request, limit: photoLimit, field: "photo")
                let photo = try await service.storePhoto(data, worker: worker, fileName: Self.header(request, Self.fileNameHeader))
                return HTTPReplies.json(
                    ["photo_id": photo.sha256, "size_bytes": photo.sizeBytes, "media_type": photo.mediaType], status: .created)
            }
        }
        router.post("/v1/reports") { request, _ in
            await answer(request) { worker in
                let accepted = try await service.submit(try await HTTPBodies.object(request), worker: worker)
                var document = HTTPReplies.report(accepted.record)
                document["created"] = accepted.created
                return HTTPReplies.json(document, status: accepted.created ? .created : .ok)
            }
        }
        router.get("/v1/reports/:report_id") { request, context in
            let id = context.parameters.get("report_id") ?? ""
            return await answer(request) { worker in
                HTTPReplies.json(HTTPReplies.report(try await service.report(id, worker: worker)))
            }
        }
        router.post("/v1/reports/:report_id/verification") { request, context in
            let id = context.parameters.get("report_id") ?? ""
            return await answer(request) { worker in
                let body = try await HTTPBodies.object(request)
                for key in body.keys.sorted() where !["decision", "note"].contains(key) {
                    throw GridError.invalid(key, "未知字段 `\(key)`（可用：decision, note）")
                }
                let note = body["note"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                let record = try await service.verify(id, decision: body["decision"]?.string ?? "", note: note, worker: worker)
                return HTTPReplies.json(HTTPReplies.report(record))
            }
        }
        router.get("/v1/messages") { request, _ in
            await answer(request) { worker in
                let query = request.uri.queryParameters
                let after = try Self.integer(query["after"], field: "after", range: 0...Int.max, default: 0)
                let limit = try Self.integer(query["limit"], field: "limit", range: 1...GridLimits.maxFeedPage, default: GridLimits.defaultFeedPage)
                let messages = await service.store.feed(worker: worker.id, after: after, limit: limit)
                return HTTPReplies.json(["messages": messages.map(HTTPReplies.message), "next_cursor": messages.last?.cursor ?? after])
            }
        }
        return router
    }

    /// The photo's file name, optional (kept on the case's attachment, cleaned).
    static let fileNameHeader = "x-file-name"

    private static func header(_ request: Request, _ name: String) -> String? {
        request.headers.first { $0.name.canonicalName == name }?.value
    }

    /// Authenticates the worker, runs the handler, and renders any refusal as JSON.
    private func answer(_ request: Request, _ handler: (GridWorker) async throws -> Response) async -> Response {
        let worker: GridWorker
        do {
            worker = try authenticate(request)
        } catch {
            // Read what the stranger sent to its end, so the refusal reaches the client.
            await HTTPBodies.discard(request)
            return HTTPReplies.errors([error as? GridError ?? GridService.unavailable(error)])
        }
        do {
            return try await handler(worker)
        } catch let error as GridError {
            return HTTPReplies.errors([error])
        } catch let errors as GridErrors {
            return HTTPReplies.errors(errors.errors)
        } catch {
            return HTTPReplies.errors([GridService.unavailable(error)])
        }
    }

    private func authenticate(_ request: Request) throws -> GridWorker {
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix) else {
            throw GridError(.unauthorized, field: "Authorization", "缺少网格员令牌（Authorization: Bearer gwt_…）")
        }
        guard let worker = workers.worker(presenting: String(header.dropFirst(prefix.count))) else {
            throw GridError(.unauthorized, field: "Authorization", "网格员令牌无效或已停用")
        }
        return worker
    }

    private static func integer(_ text: Substring?, field: String, range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            let limit = range.upperBound == Int.max ? "≥ \(range.lowerBound)" : "\(range.lowerBound)..\(range.upperBound)"
            throw GridError.invalid(field, limit: limit, "查询参数 \(field) 应为整数（\(limit)）")
        }
        return number
    }

    static func document(_ type: EventType) -> [String: Any] {
        ["code": type.code, "kind": type.kind.rawValue, "kind_label": type.kind.label, "category": type.category, "name": type.name, "event_class": type.eventClass]
    }

    static func document(_ cell: GridCell) -> [String: Any] {
        [
            "district": cell.district, "district_name": cell.districtName, "street": cell.street, "street_name": cell.streetName,
            "grid": cell.grid, "grid_name": cell.gridName, "centre": ["lat": cell.centre.latitude, "lon": cell.centre.longitude],
            "radius_m": cell.radiusMetres,
        ]
    }
}
