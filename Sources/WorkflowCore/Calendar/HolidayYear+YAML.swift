import Foundation
import Yams

extension HolidayYear {
    /// The keys a data file may have at its top level.
    static let topLevelKeys = ["year", "source", "url", "holidays", "makeup_workdays"]

    /// Parses one data file (see `docs/calendar.md`). Unknown keys are rejected; every error
    /// names `file` and the field, e.g. `2025.yaml: makeup_workdays[1].date: ...`.
    ///
    /// Dates are read as text, never through YAML's timestamp type, so `2025-10-01` means
    /// that civil date whatever the machine's time zone.
    public init(yaml text: String, file: String) throws(CalendarError) {
        try self.init(yaml: text, file: file, expectedYear: nil)
    }

    /// As `init(yaml:file:)`, and `year:` must be `expectedYear` (the year in the file's name).
    init(yaml text: String, file: String, expectedYear: Int?) throws(CalendarError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .dataFile(file, "(document)", "is not valid YAML: \(error)")
        }
        guard let root else { throw .dataFile(file, "(document)", "is empty") }
        let reader = NodeReader(file: file)
        let fields = try reader.mapping(root, at: "(document)", allowed: Self.topLevelKeys)

        let yearText = try reader.scalar(fields["year"], at: "year")
        guard yearText.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let year = Int(yearText)
        else {
            throw .dataFile(file, "year", "\"\(yearText)\" is not a year")
        }
        if let expectedYear, year != expectedYear {
            throw .dataFile(
                file, "year", "is \(year) but the file is named \(expectedYear).yaml; one file per year, named for it")
        }
        let source = try reader.scalar(fields["source"], at: "source")
        let url = try fields["url"].map { (node) throws(CalendarError) in try reader.scalar(node, at: "url") }

        var holidays: [Holiday] = []
        for (index, node) in try reader.sequence(fields["holidays"], at: "holidays").enumerated() {
            let field = "holidays[\(index)]"
            let entry = try reader.mapping(node, at: field, allowed: ["name", "dates"])
            let name = try reader.scalar(entry["name"], at: "\(field).name")
            var dates: [CivilDate] = []
            for (dateIndex, dateNode) in try reader.sequence(entry["dates"], at: "\(field).dates").enumerated() {
                let dateField = "\(field).dates[\(dateIndex)]"
                let range = try reader.dateRange(try reader.scalar(dateNode, at: dateField), at: dateField)
                guard range.lowerBound.year == year, range.upperBound.year == year else {
                    let shown = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)..\(range.upperBound)"
                    throw .dataFile(file, dateField, "\(shown) is not in \(year)")
                }
                var date = range.lowerBound
                while date <= range.upperBound {
                    dates.append(date)
                    date = date.adding(days: 1)
                }
            }
            holidays.append(Holiday(name: name, dates: dates))
        }

        var makeups: [MakeupWorkday] = []
        for (index, node) in try reader.sequence(fields["makeup_workdays"], at: "makeup_workdays").enumerated() {
            let field = "makeup_workdays[\(index)]"
            let entry = try reader.mapping(node, at: field, allowed: ["date", "serves"])
            let dateText = try reader.scalar(entry["date"], at: "\(field).date")
            guard let date = CivilDate(dateText) else {
                throw .dataFile(file, "\(field).date", "\"\(dateText)\" is not a date in the form YYYY-MM-DD")
            }
            let serves = try reader.scalar(entry["serves"], at: "\(field).serves")
            makeups.append(MakeupWorkday(date: date, serves: serves))
        }

        try self.init(
            year: year, source: source, url: url, holidays: holidays, makeupWorkdays: makeups, file: file)
    }
}

/// Reads a composed YAML tree strictly, naming the field in every error.
private struct NodeReader {
    let file: String

    /// Longest run a single `A..B` entry may span: catches a mistyped month in a range.
    static let longestRange = 31

    func mapping(_ node: Node?, at field: String, allowed: [String]) throws(CalendarError) -> [String: Node] {
        guard let node else { throw .dataFile(file, field, "is missing") }
        guard case .mapping(let mapping) = node else {
            throw .dataFile(file, field, "must be a mapping with keys \(allowed.joined(separator: ", "))")
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw .dataFile(file, field, "has a key that is not text")
            }
            let name = scalar.string
            let path = field == "(document)" ? name : "\(field).\(name)"
            guard allowed.contains(name) else {
                throw .dataFile(file, path, "unknown key; expected one of \(allowed.joined(separator: ", "))")
            }
            fields[name] = value
        }
        return fields
    }

    func sequence(_ node: Node?, at field: String) throws(CalendarError) -> [Node] {
        guard let node else { throw .dataFile(file, field, "is missing (write [] for none)") }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            throw .dataFile(file, field, "is empty (write [] for none)")
        }
        guard case .sequence(let sequence) = node else {
            throw .dataFile(file, field, "must be a list")
        }
        return Array(sequence)
    }

    func scalar(_ node: Node?, at field: String) throws(CalendarError) -> String {
        guard let node else { throw .dataFile(file, field, "is missing") }
        guard case .scalar(let scalar) = node else {
            throw .dataFile(file, field, "must be a single value, not a list or mapping")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .dataFile(file, field, "is empty") }
        return text
    }

    /// "2025-10-01" or "2025-10-01..2025-10-08" (both ends included).
    func dateRange(_ text: String, at field: String) throws(CalendarError) -> ClosedRange<CivilDate> {
        let parts = text.components(separatedBy: "..")
        let dates = parts.map { CivilDate($0.trimmingCharacters(in: .whitespaces)) }
        switch (parts.count, dates.first ?? nil, dates.last ?? nil) {
        case (1, let date?, _):
            return date...date
        case (2, let start?, let end?):
            guard start <= end else {
                throw .dataFile(file, field, "\"\(text)\" ends before it starts")
            }
            guard start.days(to: end) < Self.longestRange else {
                throw .dataFile(file, field, "\"\(text)\" spans more than \(Self.longestRange) days")
            }
            return start...end
        default:
            throw .dataFile(
                file, field, "\"\(text)\" is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)")
        }
    }
}
