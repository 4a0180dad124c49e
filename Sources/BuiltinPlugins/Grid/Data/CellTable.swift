import Foundation

/// One 单元网格 (grid cell) in its three levels — 区 (district), 街道 (street), 社区网格 (the
/// community's grid cell) — and the org its reports are registered at.
struct GridCell: Hashable, Sendable, Codable {
    /// 6 digits: the county-level 行政区划代码 (GB/T 2260), e.g. `110101`.
    var district: String
    var districtName: String
    /// 9 digits: the district's code and the street's three, e.g. `110101001`.
    var street: String
    var streetName: String
    /// 14 digits: the street's code, the community's three and the cell's two, e.g. `11010100100101`.
    var grid: String
    var gridName: String
    /// The org (id in xinfangd's directory) responsible for the cell's reports.
    var org: String
    /// The cell's centre (WGS-84 degrees) and how far from it a report may lie, in metres.
    var centre: Coordinate
    var radiusMetres: Double

    /// "东城区 东华门街道 多福巷社区第1网格" for subjects and the app.
    var fullName: String { "\(districtName) \(streetName) \(gridName)" }
}

/// The grid-cell table (a data file, `cells.csv`): which org a report in each cell goes to.
struct CellTable: Sendable {
    static let columns = ["grid", "grid_name", "street", "street_name", "district", "district_name", "org", "lat", "lon"]
    /// Optional column: the cell's radius in metres (default ``GridLimits/defaultCellRadiusMetres``).
    static let radiusColumn = "radius_m"

    private(set) var cells: [GridCell]
    private let byGrid: [String: GridCell]

    init(_ cells: [GridCell]) {
        self.cells = cells
        byGrid = Dictionary(cells.map { ($0.grid, $0) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(grid: String) -> GridCell? { byGrid[grid] }

    /// Any cell in this district, or in this street: to tell "unknown street" from "unknown grid".
    func knowsDistrict(_ code: String) -> Bool { cells.contains { $0.district == code } }
    func knowsStreet(_ code: String) -> Bool { cells.contains { $0.street == code } }

    static func load(_ url: URL) throws -> CellTable {
        try from(CSVTable.load(url, required: columns))
    }

    static func from(_ table: CSVTable) throws -> CellTable {
        var cells: [GridCell] = []
        var seen: Set<String> = []
        for row in table.rows {
            func fail(_ message: String) -> DataFileError { DataFileError(file: table.file, line: row.line, message: message) }
            let (district, street, grid) = (row["district"], row["street"], row["grid"])
            guard GridIDs.isDigits(district, count: CellCodes.districtDigits) else {
                throw fail("district `\(district)` is not \(CellCodes.districtDigits) digits")
            }
            guard GridIDs.isDigits(street, count: CellCodes.streetDigits), street.hasPrefix(district) else {
                throw fail("street `\(street)` is not \(CellCodes.streetDigits) digits starting with its district `\(district)`")
            }
            guard GridIDs.isDigits(grid, count: CellCodes.gridDigits), grid.hasPrefix(street) else {
                throw fail("grid `\(grid)` is not \(CellCodes.gridDigits) digits starting with its street `\(street)`")
            }
            guard seen.insert(grid).inserted else { throw fail("grid `\(grid)` appears twice") }
            for column in ["grid_name", "street_name", "district_name"] where row[column].isEmpty || row[column].count > 40 {
                throw fail("\(column) must be 1 to 40 characters")
            }
            guard GridIDs.isID(row["org"]) else { throw fail("org `\(row["org"])` is not an org id") }
            guard let lat = Double(row["lat"]), let lon = Double(row["lon"]),
                let centre = Coordinate(latitude: lat, longitude: lon), Coordinate.isInChina(centre)
            else {
                throw fail("lat/lon `\(row["lat"])`, `\(row["lon"])` is not a WGS-84 position in China")
            }
            var radius = GridLimits.defaultCellRadiusMetres
            if !row[radiusColumn].isEmpty {
                guard let value = Double(row[radiusColumn]), value >= 10, value <= 50_000 else {
                    throw fail("radius_m `\(row[radiusColumn])` is not a number of metres from 10 to 50000")
                }
                radius = value
            }
            cells.append(
                GridCell(
                    district: district, districtName: row["district_name"], street: street, streetName: row["street_name"],
                    grid: grid, gridName: row["grid_name"], org: row["org"], centre: centre, radiusMetres: radius))
        }
        guard !cells.isEmpty else { throw DataFileError(file: table.file, line: 0, message: "lists no grid cells") }
        return CellTable(cells)
    }
}

/// The lengths of the three levels' codes.
enum CellCodes {
    static let districtDigits = 6
    static let streetDigits = 9
    static let gridDigits = 14
}
