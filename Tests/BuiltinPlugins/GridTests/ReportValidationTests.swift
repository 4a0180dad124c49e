import Foundation
import Testing
@testable import GridPlugin

/// Each bad report is refused naming the field and the limit; a good one passes whole.
@Suite struct ReportValidationTests {
    @Test func aGoodReportPasses() throws {
        let report = try GridFixtures.validate(GridFixtures.goodBody()).get()
        #expect(report.eventType.name == "暴露垃圾")
        #expect(report.eventType.eventClass == "sanitation")
        #expect(report.cell.org == "dongcheng")
        #expect(report.photos.map(\.fileName) == ["scene.jpg"])
        #expect(report.distanceFromCentreMetres < 1)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var change: @Sendable (inout [String: JSONValue]) -> Void
        var field: String
        var limit: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no report id", change: { $0["report_id"] = nil }, field: "report_id", limit: "1–64 characters"),
        Case(name: "report id with spaces", change: { $0["report_id"] = .string("a b") }, field: "report_id", limit: "1–64 characters"),
        Case(name: "report id too long", change: { $0["report_id"] = .string(String(repeating: "x", count: 65)) }, field: "report_id", limit: "1–64 characters"),
        Case(name: "unknown event type", change: { $0["event_type"] = .string("E9999") }, field: "event_type", limit: "a code of the event-type table"),
        Case(name: "no cell", change: { $0["cell"] = nil }, field: "cell", limit: nil),
        Case(name: "grid code of 12 digits", change: { $0["cell"] = .object(["district": .string("110101"), "street": .string("110101001"), "grid": .string("110101001001")]) }, field: "cell.grid", limit: "14 digits"),
        Case(name: "unknown grid", change: { $0["cell"] = .object(["district": .string("110101"), "street": .string("110101001"), "grid": .string("11010100100199")]) }, field: "cell.grid", limit: "a grid cell of the grid-cell table"),
        Case(name: "unknown district", change: { $0["cell"] = .object(["district": .string("310101"), "street": .string("310101001"), "grid": .string("31010100100101")]) }, field: "cell.district", limit: "a district of the grid-cell table"),
        Case(name: "grid of another street", change: { $0["cell"] = .object(["district": .string("110101"), "street": .string("110101002"), "grid": .string("11010100100101")]) }, field: "cell.street", limit: "the street of cell.grid"),
        Case(name: "no location", change: { $0["location"] = nil }, field: "location", limit: nil),
        Case(name: "latitude out of range", change: { $0["location"] = .object(["lat": .number(95), "lon": .number(116.4), "crs": .string("wgs84")]) }, field: "location.lat", limit: "3.86..53.56"),
        Case(name: "longitude a string", change: { $0["location"] = .object(["lat": .number(39.9), "lon": .string("116.4"), "crs": .string("wgs84")]) }, field: "location.lon", limit: "73.66..135.06"),
        Case(name: "position outside China", change: { $0["location"] = .object(["lat": .number(48.85), "lon": .number(2.35), "crs": .string("wgs84")]) }, field: "location.lon", limit: "73.66..135.06"),
        Case(name: "unknown datum", change: { $0["location"] = .object(["lat": .number(39.9152), "lon": .number(116.4039), "crs": .string("bd09")]) }, field: "location.crs", limit: "wgs84 | gcj02"),
        Case(name: "poor accuracy", change: { $0["location"] = .object(["lat": .number(39.9152), "lon": .number(116.4039), "crs": .string("wgs84"), "accuracy_m": .number(800)]) }, field: "location.accuracy_m", limit: "0..500 m"),
        Case(name: "far from the cell", change: { $0["location"] = .object(["lat": .number(39.99), "lon": .number(116.4039), "crs": .string("wgs84")]) }, field: "location", limit: "1500 m from the centre of cell 11010100100101"),
        Case(name: "no description", change: { $0["description"] = .string("   ") }, field: "description", limit: "5–2000 characters"),
        Case(name: "description too short", change: { $0["description"] = .string("有垃圾") }, field: "description", limit: "5–2000 characters"),
        Case(name: "description too long", change: { $0["description"] = .string(String(repeating: "垃", count: 2001)) }, field: "description", limit: "5–2000 characters"),
        Case(name: "address too long", change: { $0["address"] = .string(String(repeating: "路", count: 201)) }, field: "address", limit: "200 characters"),
        Case(name: "no photos", change: { $0["photos"] = .array([]) }, field: "photos", limit: "1–9 photos"),
        Case(name: "ten photos", change: { $0["photos"] = .array(Array(repeating: .string(GridFixtures.photo.sha256), count: 10)) }, field: "photos", limit: "1–9 photos"),
        Case(name: "photo not uploaded", change: { $0["photos"] = .array([.string(String(repeating: "cd", count: 32))]) }, field: "photos[0]", limit: nil),
        Case(name: "same photo twice", change: { $0["photos"] = .array([.string(GridFixtures.photo.sha256), .string(GridFixtures.photo.sha256)]) }, field: "photos[1]", limit: nil),
        Case(name: "observed in the future", change: { $0["observed_at"] = .string(HTTPTime.string(Date().addingTimeInterval(3600))) }, field: "observed_at", limit: "RFC 3339, from 7 days ago to 10 minutes ahead"),
        Case(name: "observed not a time", change: { $0["observed_at"] = .string("昨天") }, field: "observed_at", limit: "RFC 3339, from 7 days ago to 10 minutes ahead"),
        Case(name: "unknown key", change: { $0["priority"] = .string("high") }, field: "priority", limit: nil),
    ]

    @Test(arguments: cases)
    func aBadFieldIsNamedWithItsLimit(_ item: Case) throws {
        var body = GridFixtures.goodBody()
        item.change(&body)
        let result = try GridFixtures.validate(body)
        guard case .failure(let refusal) = result else {
            Issue.record("\(item.name) passed")
            return
        }
        #expect(refusal.errors.map(\.field) == [item.field], "\(item.name): \(refusal.errors)")
        #expect(refusal.errors.first?.limit == item.limit, "\(item.name): \(refusal.errors)")
        #expect(refusal.errors.allSatisfy { $0.code == .invalidField && $0.message.contains(item.field.split(separator: "[").first.map(String.init) ?? "") })
    }

    @Test func everyBadFieldIsReportedAtOnce() throws {
        var body = GridFixtures.goodBody()
        body["event_type"] = .string("X")
        body["description"] = nil
        body["photos"] = nil
        guard case .failure(let refusal) = try GridFixtures.validate(body) else {
            Issue.record("passed")
            return
        }
        #expect(refusal.errors.map(\.field) == ["event_type", "description", "photos"])
    }

    @Test func aWorkerReportsOnlyInTheirCells() throws {
        guard case .failure(let refusal) = try GridFixtures.validate(GridFixtures.goodBody(), worker: GridFixtures.xichengOnly) else {
            Issue.record("a 西城区 worker reported in 东城区")
            return
        }
        #expect(refusal.errors.map(\.field) == ["cell.grid"])
        #expect(refusal.errors.first?.limit == "the worker's assigned cells")
    }

    @Test func aGCJ02PositionIsCheckedAndKeptInWGS84() throws {
        var body = GridFixtures.goodBody()
        let centre = try #require(Coordinate(latitude: 39.9152, longitude: 116.4039))
        let shifted = GCJ02.fromWGS84(centre)
        body["location"] = .object(["lat": .number(shifted.latitude), "lon": .number(shifted.longitude), "crs": .string("gcj02")])
        let report = try GridFixtures.validate(body).get()
        #expect(report.datum == .gcj02)
        #expect(report.position.distance(to: centre) < 0.5, "converted back to WGS-84")
        #expect(report.reportedPosition == shifted)
    }
}

/// RFC 3339 for the tests' bodies.
enum HTTPTime {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
