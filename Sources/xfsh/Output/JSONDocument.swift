import Foundation
import SwiftProtobuf

/// One JSON document per command: proto3 JSON with the .proto field names (snake_case), or
/// an object built from such messages for commands that answer with more than one.
enum JSONDocument {
    static func proto(_ message: some SwiftProtobuf.Message) throws -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return try message.jsonString(options: options)
    }

    /// A proto message as a JSON value, to nest in `object`.
    static func value(_ message: some SwiftProtobuf.Message) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(proto(message).utf8))
    }

    static func values(_ messages: [some SwiftProtobuf.Message]) throws -> [Any] {
        try messages.map { try value($0) }
    }

    /// An object of plain values and nested proto values, keys sorted, on one line.
    static func object(_ fields: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
