import Foundation

/// How the app gave its position.
enum Datum: String, Hashable, Sendable, Codable {
    /// GPS as is.
    case wgs84
    /// The datum maps in China use (高德, 腾讯); converted to WGS-84 before it is checked or kept.
    case gcj02
}

/// A photo uploaded by a worker and stored by the host, waiting to be named by a report.
struct StoredPhoto: Hashable, Sendable, Codable {
    /// The host's SHA-256 of the content: the photo id the app refers to.
    var sha256: String
    var workerID: String
    var fileName: String
    var mediaType: String
    var sizeBytes: Int
    var uploadedAt: Date
}

/// A report that passed every check: ready to become a case.
struct GridReport: Hashable, Sendable {
    var reportID: String
    var worker: GridWorker
    var eventType: EventType
    var cell: GridCell
    /// The position in WGS-84, and as the app sent it.
    var position: Coordinate
    var reportedPosition: Coordinate
    var datum: Datum
    var accuracyMetres: Double?
    var distanceFromCentreMetres: Double
    var description: String
    var address: String
    var photos: [StoredPhoto]
    var observedAt: Date?

    /// The idempotency key: the app's report id, per worker, so two phones cannot collide.
    var idempotencyKey: String { "grid:\(worker.id):\(reportID)" }
}
