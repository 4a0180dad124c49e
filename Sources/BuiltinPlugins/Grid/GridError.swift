/// A refusal of the grid app's interface: a code, the field at fault, the limit broken, and a
/// sentence in Chinese for the grid worker. The HTTP layer renders it as JSON.
struct GridError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of refusal; each maps to one HTTP status.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidField = "invalid_field"
            case unauthorized
            case tooLarge = "too_large"
            case notFound = "not_found"
            case conflict
            case unavailable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A field is missing, malformed or over its limit (HTTP 422).
        static var invalidField: Self { Self(.invalidField) }
        /// No token, or one no worker holds (HTTP 401).
        static var unauthorized: Self { Self(.unauthorized) }
        /// A body over its byte limit (HTTP 413).
        static var tooLarge: Self { Self(.tooLarge) }
        /// No such report of this worker, or no such endpoint (HTTP 404).
        static var notFound: Self { Self(.notFound) }
        /// The case is not where the request needs it, e.g. no verification is asked (HTTP 409).
        static var conflict: Self { Self(.conflict) }
        /// The daemon could not take it now; retry with the same report id (HTTP 503).
        static var unavailable: Self { Self(.unavailable) }

        var description: String { value.rawValue }

        var httpStatus: Int {
            switch value {
            case .invalidField: 422
            case .unauthorized: 401
            case .tooLarge: 413
            case .notFound: 404
            case .conflict: 409
            case .unavailable: 503
            }
        }
    }

    var code: Code
    /// The field at fault, as the app names it (`location.lat`, `photos[2]`, `Authorization`).
    var field: String
    /// The limit broken (`2000 characters`, `-90..90`), when there is one.
    var limit: String?
    /// What is wrong, in Chinese, naming the field.
    var message: String

    init(_ code: Code, field: String, limit: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.limit = limit
        self.message = message
    }

    static func invalid(_ field: String, limit: String? = nil, _ message: String) -> GridError {
        GridError(.invalidField, field: field, limit: limit, message)
    }

    var description: String {
        "\(code) \(field): \(message)" + (limit.map { " (limit \($0))" } ?? "")
    }
}

/// Several refusals of one request, reported together so the app can mark every field.
struct GridErrors: Error, Sendable {
    var errors: [GridError]
    init(_ errors: [GridError]) { self.errors = errors }
}
