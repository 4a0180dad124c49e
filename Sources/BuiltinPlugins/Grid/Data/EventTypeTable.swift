import Foundation

/// One 事件类型 a grid worker can report: a city-management component (部件, e.g. a missing
/// manhole cover) or event (事件, e.g. exposed rubbish), in the classes of GB/T 30428.2 and
/// CJ/T 214, with the `grid` workflow's `event_class` that sets its disposal limit.
struct EventType: Hashable, Sendable, Codable {
    /// `component` 部件 or `event` 事件.
    enum Kind: String, Hashable, Sendable, Codable {
        case component, event

        var label: String { self == .component ? "部件" : "事件" }
        var codePrefix: Character { self == .component ? "C" : "E" }
    }

    /// `C` (部件) or `E` (事件), the 大类 in two digits, the 小类 in two digits: `E0101`.
    var code: String
    var kind: Kind
    /// The 大类, e.g. 市容环境类.
    var category: String
    /// The 小类, e.g. 暴露垃圾.
    var name: String
    /// The `grid` workflow's class (`emergency`, `sanitation`, ...) whose disposal limit applies.
    var eventClass: String
}

/// The 事件类型 table (a data file, `event-types.csv`): code, kind, category, name, event_class.
struct EventTypeTable: Sendable {
    static let columns = ["code", "kind", "category", "name", "event_class"]

    private(set) var types: [EventType]
    private let byCode: [String: EventType]

    init(_ types: [EventType]) {
        self.types = types
        byCode = Dictionary(types.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(code: String) -> EventType? { byCode[code] }

    static func load(_ url: URL) throws -> EventTypeTable {
        try from(CSVTable.load(url, required: columns))
    }

    static func from(_ table: CSVTable) throws -> EventTypeTable {
        var types: [EventType] = []
        var seen: Set<String> = []
        for row in table.rows {
            func fail(_ message: String) -> DataFileError { DataFileError(file: table.file, line: row.line, message: message) }
            guard let kind = EventType.Kind(rawValue: row["kind"]) else {
                throw fail("kind `\(row["kind"])` is not `component` (部件) or `event` (事件)")
            }
            let code = row["code"]
            guard isCode(code, kind: kind) else {
                throw fail("code `\(code)` is not \(kind.codePrefix) and four digits (大类 and 小类, e.g. \(kind.codePrefix)0101)")
            }
            guard seen.insert(code).inserted else { throw fail("code `\(code)` appears twice") }
            for column in ["category", "name"] where row[column].isEmpty || row[column].count > 40 {
                throw fail("\(column) must be 1 to 40 characters")
            }
            let eventClass = row["event_class"]
            guard GridIDs.isID(eventClass) else {
                throw fail("event_class `\(eventClass)` is not an id of the grid workflow's classes (lowercase letters, digits, `_`)")
            }
            types.append(EventType(code: code, kind: kind, category: row["category"], name: row["name"], eventClass: eventClass))
        }
        guard !types.isEmpty else { throw DataFileError(file: table.file, line: 0, message: "lists no event types") }
        return EventTypeTable(types)
    }

    static func isCode(_ code: String, kind: EventType.Kind) -> Bool {
        code.count == 5 && code.first == kind.codePrefix && code.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// The shapes of ids the data files use.
enum GridIDs {
    /// A workflow or org id: lowercase ASCII letters, digits, `_` and `-`, 1 to 64 characters.
    static func isID(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 64
            && value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Only ASCII digits, exactly `count` of them.
    static func isDigits(_ value: String, count: Int) -> Bool {
        value.count == count && value.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
