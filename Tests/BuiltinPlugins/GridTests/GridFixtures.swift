import Foundation
@testable import GridPlugin

/// Tables and reports the unit tests share: the example tables shipped in plugins/grid.
enum GridFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pluginFolder = repository.appendingPathComponent("plugins/grid", isDirectory: true)

    static func eventTypes() throws -> EventTypeTable { try EventTypeTable.load(pluginFolder.appendingPathComponent("event-types.csv")) }
    static func cells() throws -> CellTable { try CellTable.load(pluginFolder.appendingPathComponent("cells.csv")) }

    static let anyCell = GridWorker(id: "w-001", name: "周网格", cells: [])
    static let xichengOnly = GridWorker(id: "w-002", name: "吴网格", cells: ["110102"])

    static let photo = StoredPhoto(
        sha256: String(repeating: "ab", count: 32), workerID: "w-001", fileName: "scene.jpg", mediaType: "image/jpeg",
        sizeBytes: 1234, uploadedAt: Date())

    /// A report that passes: exposed rubbish in 多福巷社区第1网格 (东城区), at the cell's centre.
    static func goodBody() -> [String: JSONValue] {
        [
            "report_id": .string("app-7f3a-0001"),
            "event_type": .string("E0101"),
            "cell": .object(["district": .string("110101"), "street": .string("110101001"), "grid": .string("11010100100101")]),
            "location": .object(["lat": .number(39.9152), "lon": .number(116.4039), "crs": .string("wgs84"), "accuracy_m": .number(8)]),
            "description": .string("多福巷12号门前堆放生活垃圾约两立方米，已散发异味。"),
            "address": .string("多福巷12号"),
            "photos": .array([.string(photo.sha256)]),
        ]
    }

    static func validate(_ body: [String: JSONValue], worker: GridWorker = anyCell) throws -> Result<GridReport, GridErrors> {
        let validator = ReportValidator(eventTypes: try eventTypes(), cells: try cells())
        var mine = photo
        mine.workerID = worker.id
        let photos = [photo.sha256: mine]
        return validator.validate(body, worker: worker, photos: { photos[$0] }, now: Date())
    }
}
