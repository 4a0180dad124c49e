/// An error from the working-day calendar: a code to match on and a message for people.
///
/// Codes are an open set (a struct over a private enum, like grpc-swift's `RPCError.Code`),
/// so new ones can be added without breaking exhaustive switches.
public struct CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case dateOutsideLoadedYears
            case invalidDataFile
            case dataNotFound
            case invalidOfficeHours
            case invalidArgument
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// A date before or after the years the calendar has data for. The calendar never guesses.
        public static let dateOutsideLoadedYears = Code(.dateOutsideLoadedYears)
        /// A holiday data file that does not parse or breaks a rule; `file` and `field` say where.
        public static let invalidDataFile = Code(.invalidDataFile)
        /// No data files where they were expected, or a directory that cannot be read.
        public static let dataNotFound = Code(.dataNotFound)
        /// An office-hours text such as "09:00-12:00,13:30-17:30" that does not parse.
        public static let invalidOfficeHours = Code(.invalidOfficeHours)
        /// An argument out of its domain, e.g. a negative number of working minutes.
        public static let invalidArgument = Code(.invalidArgument)

        public var description: String { wrapped.rawValue }
    }

    public let code: Code
    /// A sentence naming the offending value, e.g.
    /// "2027-01-04 is outside the loaded calendar years 2024–2026".
    public let message: String
    /// The data file at fault, for `.invalidDataFile`.
    public let file: String?
    /// The field at fault, e.g. `makeup_workdays[1].date`, for `.invalidDataFile`.
    public let field: String?

    public init(code: Code, message: String, file: String? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.field = field
    }

    public var description: String { "\(code): \(message)" }
}

extension CalendarError {
    static func dataFile(_ file: String, _ field: String, _ problem: String) -> CalendarError {
        CalendarError(
            code: .invalidDataFile, message: "\(file): \(field): \(problem)", file: file, field: field)
    }
}
