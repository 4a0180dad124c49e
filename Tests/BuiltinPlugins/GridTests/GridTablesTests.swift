import Foundation
import Testing
@testable import GridPlugin

/// The data files: the shipped examples load, and a bad row is named by file and line.
@Suite struct GridTablesTests {
    @Test func theShippedTablesLoad() throws {
        let types = try GridFixtures.eventTypes()
        #expect(types["C0101"]?.kind == .component)
        #expect(types["E0401"]?.eventClass == "emergency")
        #expect(Set(types.types.map(\.eventClass)).isSubset(of: ["emergency", "sanitation", "street_order", "facilities", "construction", "other"]))
        let cells = try GridFixtures.cells()
        #expect(cells["11010200100101"]?.org == "xicheng")
        #expect(cells.cells.allSatisfy { $0.grid.hasPrefix($0.street) && $0.street.hasPrefix($0.district) })
        let workers = try WorkerDirectory.load(GridFixtures.pluginFolder.appendingPathComponent("workers.csv"))
        #expect(workers.workers.isEmpty, "the repository ships no tokens")
    }

    @Test(arguments: [
        ("code,kind,category,name,event_class\nE01,event,市容环境类,暴露垃圾,sanitation\n", 2, "code `E01`"),
        ("code,kind,category,name,event_class\nE0101,thing,市容环境类,暴露垃圾,sanitation\n", 2, "kind `thing`"),
        ("code,kind,category,name,event_class\nE0101,event,市容环境类,暴露垃圾,sanitation\n# comment\nE0101,event,市容环境类,积存垃圾,sanitation\n", 4, "appears twice"),
        ("code,kind,category,name,event_class\nE0101,event,市容环境类,暴露垃圾,Sanitation\n", 2, "event_class `Sanitation`"),
        ("code,kind,category,name\n", 1, "lacks the column `event_class`"),
        ("code,kind,category,name,event_class\nE0101,event,\"市容环境类,暴露垃圾,sanitation\n", 2, "not closed"),
    ])
    func aBadEventTypeRowIsNamed(_ text: String, _ line: Int, _ problem: String) throws {
        let error = try #require(throws: DataFileError.self) {
            try EventTypeTable.from(CSVTable.parse(text, file: "event-types.csv", required: EventTypeTable.columns))
        }
        #expect(error.line == line)
        #expect(error.message.contains(problem), "\(error)")
    }

    @Test(arguments: [
        ("11010100100101,甲,110101001,乙,11010,丙,dongcheng,39.9,116.4,", "district `11010`"),
        ("11010100100101,甲,110102001,乙,110101,丙,dongcheng,39.9,116.4,", "street `110102001`"),
        ("11010200100101,甲,110101001,乙,110101,丙,dongcheng,39.9,116.4,", "grid `11010200100101`"),
        ("11010100100101,甲,110101001,乙,110101,丙,Dong Cheng,39.9,116.4,", "org `Dong Cheng`"),
        ("11010100100101,甲,110101001,乙,110101,丙,dongcheng,139.9,116.4,", "lat/lon"),
        ("11010100100101,甲,110101001,乙,110101,丙,dongcheng,39.9,116.4,5", "radius_m `5`"),
    ])
    func aBadCellRowIsNamed(_ row: String, _ problem: String) throws {
        let text = "grid,grid_name,street,street_name,district,district_name,org,lat,lon,radius_m\n" + row + "\n"
        let error = try #require(throws: DataFileError.self) {
            try CellTable.from(CSVTable.parse(text, file: "cells.csv", required: CellTable.columns))
        }
        #expect(error.line == 2)
        #expect(error.message.contains(problem), "\(error)")
        #expect(error.description.hasPrefix("cells.csv:2: "))
    }

    @Test func quotedValuesMayHoldCommas() throws {
        let table = try CSVTable.parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n", file: "t.csv", required: ["a", "b"])
        #expect(table.rows.first?["a"] == "x, y")
        #expect(table.rows.first?["b"] == "say \"hi\"")
    }

    @Test func routingFollowsTheCellTable() throws {
        let cells = try GridFixtures.cells()
        for cell in cells.cells {
            var body = GridFixtures.goodBody()
            body["cell"] = .object(["district": .string(cell.district), "street": .string(cell.street), "grid": .string(cell.grid)])
            body["location"] = .object(["lat": .number(cell.centre.latitude), "lon": .number(cell.centre.longitude), "crs": .string("wgs84")])
            let submission = try GridFixtures.validate(body).get().submission
            #expect(submission.orgID == cell.org, "\(cell.grid)")
            #expect(submission.channel == "grid")
            #expect(submission.workflow == "grid")
            let attributes = Dictionary(uniqueKeysWithValues: submission.attributes.map { ($0.name, $0.value) })
            #expect(attributes["cell"] == cell.grid)
            #expect(attributes["cell_street"] == cell.street)
            #expect(attributes["cell_district"] == cell.district)
        }
    }

    @Test func aReportBecomesASubmissionKeyedOnWorkerAndReportID() throws {
        let report = try GridFixtures.validate(GridFixtures.goodBody()).get()
        let submission = report.submission
        #expect(submission.idempotencyKey == "grid:w-001:app-7f3a-0001")
        #expect(submission.idempotencyKey.count <= 116, "the host's limit for plugin keys")
        #expect(submission.subject == "暴露垃圾（东华门街道多福巷社区第1网格）")
        #expect(submission.content.hasPrefix("多福巷12号门前堆放生活垃圾"))
        #expect(submission.content.contains("E0101 事件·市容环境类·暴露垃圾"))
        #expect(submission.attachments.map(\.sha256) == [GridFixtures.photo.sha256])
        #expect(submission.petitioner.name.isEmpty, "a grid report has no petitioner")
        let attributes = Dictionary(uniqueKeysWithValues: submission.attributes.map { ($0.name, $0.value) })
        #expect(attributes["event_class"] == "sanitation")
        #expect(attributes["report_id"] == "app-7f3a-0001")
        #expect(attributes["grid_worker"] == "w-001")
        #expect(attributes["lat"] == "39.915200")
        #expect(attributes.count <= 32, "the host's attribute limit")
    }
}
