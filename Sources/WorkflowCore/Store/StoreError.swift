/// An infrastructure failure of the store (not a rule saying no: that is `CaseRejection`).
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String { case conflict, notFound, corrupt, io, closed, duplicate }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// Someone appended to the case first (expected version mismatch).
        public static let conflict = Code(.conflict)
        public static let notFound = Code(.notFound)
        /// A stored row could not be decoded.
        public static let corrupt = Code(.corrupt)
        /// The database failed (disk, SQLite error).
        public static let io = Code(.io)
        /// The store is shutting down.
        public static let closed = Code(.closed)
        /// A unique value already exists (an org or user id).
        public static let duplicate = Code(.duplicate)

        public var description: String { wrapped.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "store \(code): \(message)" }
}
