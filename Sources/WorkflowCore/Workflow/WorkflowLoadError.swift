/// A workflow file that cannot be used: which file, which workflow, which field, and why.
/// Loading is all-or-nothing: one of these stops the daemon before it serves anything.
///
/// ```text
/// xinfang.yaml:57: workflow `xinfang`: transitions[4].to: state `acepted` does not exist (states: registered, …)
/// ```
public struct WorkflowLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake. An open set (a struct over a private enum), so kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case unreadable, syntax, unknownKey, invalidValue
            case missingState, unreachableState, deadEnd, incompleteDeadline, duplicateID, unknownRole
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The file or directory cannot be read, or holds no workflow files.
        public static let unreadable = Code(.unreadable)
        /// Not valid YAML, or a value of the wrong shape (a list where text belongs).
        public static let syntax = Code(.syntax)
        /// A key the format does not have (a typo such as `stops_in`).
        public static let unknownKey = Code(.unknownKey)
        /// A value out of its domain: a unit, a number, a setting, an event nothing emits.
        public static let invalidValue = Code(.invalidValue)
        /// A transition (or `initial_state`) names a state the workflow does not have.
        public static let missingState = Code(.missingState)
        /// A state no sequence of transitions reaches from `initial_state`.
        public static let unreachableState = Code(.unreachableState)
        /// A non-terminal state with no transition out of it.
        public static let deadEnd = Code(.deadEnd)
        /// A deadline with no clock (`starts_on` empty or naming no emitted event) or no unit.
        public static let incompleteDeadline = Code(.incompleteDeadline)
        /// The same id twice: a state, a command from the same state, a deadline, a field, a workflow.
        public static let duplicateID = Code(.duplicateID)
        /// A role that no user can hold (not in `Role.known`).
        public static let unknownRole = Code(.unknownRole)

        public var description: String { wrapped.rawValue }
    }

    public let code: Code
    /// The file, as given to the loader (a path or a name such as `xinfang.yaml`).
    public let file: String
    /// The workflow id, once read.
    public let workflow: String?
    /// The field path, e.g. `transitions[4].to`, `deadlines[1].unit`.
    public let field: String
    /// 1-based line in the file, when known.
    public let line: Int?
    /// What is wrong, naming the offending value.
    public let problem: String

    public init(code: Code, file: String, workflow: String?, field: String, line: Int? = nil, problem: String) {
        self.code = code
        self.file = file
        self.workflow = workflow
        self.field = field
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        let flow = workflow.map { " workflow `\($0)`:" } ?? ""
        return "\(place):\(flow) \(field): \(problem)"
    }
}
