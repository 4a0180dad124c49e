import Foundation

/// How values are written into and read from stored JSON and millisecond columns.
enum StoredCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        do {
            return try decoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.corrupt, "cannot decode stored \(T.self): \(error)")
        }
    }

    /// A stored case number (`case_keys.case_number` and its copies); a malformed one means
    /// the database is damaged.
    static func caseNumber(_ text: String) throws -> CaseNumber {
        guard let number = CaseNumber(text) else { throw StoreError(.corrupt, "bad case number \(text)") }
        return number
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
