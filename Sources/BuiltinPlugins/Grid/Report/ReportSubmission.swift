import Foundation
import PluginKit

/// The names of the case attributes a grid report sets (docs/grid.md lists them).
enum CaseAttributes {
    static let reportID = "report_id"
    static let worker = "grid_worker"
    static let eventType = "event_type"
    static let eventKind = "event_kind"
    static let eventClass = "event_class"
    static let grid = "cell"
    static let street = "cell_street"
    static let district = "cell_district"
    static let latitude = "lat"
    static let longitude = "lon"
    static let datum = "crs_reported"
    static let accuracy = "accuracy_m"
    static let observedAt = "observed_at"
}

extension GridReport {
    /// The case this report becomes: on channel `grid`, in the `grid` workflow, at the org the
    /// grid-cell table names for the cell, with the photos attached.
    var submission: Submission {
        Submission.with {
            $0.idempotencyKey = idempotencyKey
            $0.channel = "grid"
            $0.workflow = "grid"
            $0.orgID = cell.org
            $0.subject = String("\(eventType.name)（\(cell.streetName)\(cell.gridName)）".prefix(200))
            $0.content = content
            $0.attachments = photos.map { photo in
                AttachmentRef.with {
                    $0.sha256 = photo.sha256
                    $0.fileName = photo.fileName
                    $0.mediaType = photo.mediaType
                    $0.sizeBytes = UInt64(photo.sizeBytes)
                }
            }
            $0.attributes = attributes.map { name, value in .with { $0.name = name; $0.value = value } }
        }
    }

    var content: String {
        var lines = [description, ""]
        lines.append("事件类型：\(eventType.code) \(eventType.kind.label)·\(eventType.category)·\(eventType.name)")
        lines.append("网格：\(cell.fullName)（\(cell.grid)）")
        if !address.isEmpty { lines.append("地址：\(address)") }
        lines.append(String(format: "位置：北纬%.6f，东经%.6f（WGS-84）", position.latitude, position.longitude))
        if let observedAt { lines.append("发现时间：\(Self.rfc3339(observedAt))") }
        lines.append("上报网格员：\(worker.name)（\(worker.id)），现场照片\(photos.count)张")
        return lines.joined(separator: "\n")
    }

    var attributes: [(String, String)] {
        var list: [(String, String)] = [
            (CaseAttributes.reportID, reportID), (CaseAttributes.worker, worker.id), (CaseAttributes.eventType, eventType.code),
            (CaseAttributes.eventKind, eventType.kind.rawValue), (CaseAttributes.eventClass, eventType.eventClass),
            (CaseAttributes.grid, cell.grid), (CaseAttributes.street, cell.street), (CaseAttributes.district, cell.district),
            (CaseAttributes.latitude, String(format: "%.6f", position.latitude)),
            (CaseAttributes.longitude, String(format: "%.6f", position.longitude)), (CaseAttributes.datum, datum.rawValue),
        ]
        if let accuracyMetres { list.append((CaseAttributes.accuracy, String(format: "%.0f", accuracyMetres))) }
        if let observedAt { list.append((CaseAttributes.observedAt, Self.rfc3339(observedAt))) }
        return list
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
