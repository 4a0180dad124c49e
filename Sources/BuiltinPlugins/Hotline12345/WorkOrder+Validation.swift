import Foundation

extension WorkOrder {
    /// The JSON keys of a pushed order, in the order they are checked.
    enum Key {
        static let orderNo = "order_no"
        static let callTime = "call_time"
        static let callerName = "caller_name"
        static let callerPhone = "caller_phone"
        static let category = "category"
        static let title = "title"
        static let content = "content"
        static let address = "address"
        static let urgency = "urgency"
        static let dueAt = "due_at"
    }

    /// Parses and checks a pushed body; the first problem is thrown as a 400 naming the JSON
    /// key and the limit. Unknown keys are ignored, so a platform may send more.
    static func validated(_ body: Data, now: Date = Date()) throws(PlatformAPIError) -> WorkOrder {
        guard body.count <= OrderLimits.bodyBytes else { throw .bodyTooLarge(OrderLimits.bodyBytes) }
        guard let parsed = try? JSONSerialization.jsonObject(with: body), let object = parsed as? [String: Any] else {
            throw PlatformAPIError(status: 400, code: "invalid_json", message: "the body must be one JSON object (UTF-8)")
        }
        var fields = FieldReader(object: object)

        let orderNo = try fields.text(Key.orderNo, limit: OrderLimits.orderNoCharacters)
        guard orderNo.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }) else {
            throw .invalidField(Key.orderNo, "must be ASCII letters, digits, - or _", limit: "\(OrderLimits.orderNoCharacters) characters")
        }
        let callTime = try fields.instant(Key.callTime)
        guard callTime.timeIntervalSince(now) <= OrderLimits.callTimeFutureSeconds else {
            throw .invalidField(Key.callTime, "is in the future", limit: "\(Int(OrderLimits.callTimeFutureSeconds)) seconds ahead")
        }
        let callerName = try fields.text(Key.callerName, limit: OrderLimits.callerNameCharacters)
        let callerPhone = try fields.text(Key.callerPhone, limit: OrderLimits.phoneCharacters.upperBound)
        guard OrderLimits.phoneCharacters.contains(callerPhone.count), Self.isPhone(callerPhone) else {
            throw .invalidField(
                Key.callerPhone, "must be a phone number: digits, an optional leading + and - separators",
                limit: "\(OrderLimits.phoneCharacters.lowerBound) to \(OrderLimits.phoneCharacters.upperBound) characters")
        }
        let category = try fields.oneOf(Key.category, categories)
        let title = try fields.text(Key.title, limit: OrderLimits.titleCharacters, required: false)
        let content = try fields.text(Key.content, limit: OrderLimits.contentCharacters)
        let address = try fields.text(Key.address, limit: OrderLimits.addressCharacters)
        let urgency = try fields.oneOf(Key.urgency, urgencies)
        let dueAt = try fields.instant(Key.dueAt)
        guard dueAt > callTime else {
            throw .invalidField(Key.dueAt, "must be after call_time", limit: "later than \(Key.callTime)")
        }
        return WorkOrder(
            orderNo: orderNo, callTime: callTime, callerName: callerName, callerPhone: callerPhone, category: category,
            title: title, content: content, address: address, urgency: urgency, dueAt: dueAt)
    }

    private static func isPhone(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "+" { scalars = scalars.dropFirst() }
        guard let first = scalars.first, ("0"..."9").contains(first) else { return false }
        return scalars.allSatisfy { ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Reads typed values out of a JSON object, throwing errors that name the key.
private struct FieldReader {
    let object: [String: Any]

    mutating func text(_ key: String, limit: Int, required: Bool = true) throws(PlatformAPIError) -> String {
        guard let value = object[key], !(value is NSNull) else {
            if required { throw .invalidField(key, "is required", limit: "\(limit) characters") }
            return ""
        }
        guard let string = value as? String else { throw .invalidField(key, "must be a string", limit: "\(limit) characters") }
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty, required { throw .invalidField(key, "is required (it is empty)", limit: "\(limit) characters") }
        guard trimmed.count <= limit else {
            throw .invalidField(key, "is \(trimmed.count) characters, over the limit", limit: "\(limit) characters")
        }
        return trimmed
    }

    mutating func instant(_ key: String) throws(PlatformAPIError) -> Date {
        let format = "an RFC 3339 time with its offset, e.g. 2026-11-20T09:30:00+08:00"
        let string = try presentString(key, limit: format)
        guard let date = Self.parseInstant(string) else { throw .invalidField(key, "is not a time", limit: format) }
        return date
    }

    mutating func oneOf(_ key: String, _ table: KeyValuePairs<String, String>) throws(PlatformAPIError) -> String {
        let allowed = table.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        let string = try presentString(key, limit: "one of \(allowed)")
        guard table.contains(where: { $0.key == string }) else {
            throw .invalidField(key, "is not a known value", limit: "one of \(allowed)")
        }
        return string
    }

    /// A non-empty string, or an error saying it is missing, empty or not a string.
    private func presentString(_ key: String, limit: String) throws(PlatformAPIError) -> String {
        guard let value = object[key], !(value is NSNull) else { throw .invalidField(key, "is required", limit: limit) }
        guard let string = value as? String else { throw .invalidField(key, "must be a string", limit: limit) }
        guard !string.isEmpty else { throw .invalidField(key, "is required (it is empty)", limit: limit) }
        return string
    }

    static func parseInstant(_ text: String) -> Date? {
        guard text.count <= 40 else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
