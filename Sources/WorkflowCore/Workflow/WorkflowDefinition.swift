/// A workflow (流程) as data: states, the commands that move a case between them, and the
/// deadlines that run. Loaded from a YAML file at start (`WorkflowLoader`) and validated
/// before use; the format is documented in `docs/workflows.md`.
public struct WorkflowDefinition: Hashable, Sendable, Codable {
    public var id: String
    public var label: String
    public var version: String
    /// The regulation or standard it follows.
    public var source: String
    public var initialState: String
    public var states: [WorkflowState]
    public var transitions: [WorkflowTransition]
    public var deadlines: [DeadlineRule]
    /// Settings where a regulation leaves a choice open (see docs/workflows.md and
    /// `WorkflowSettings` for the keys and their defaults).
    public var settings: [String: String]

    public init(
        id: String, label: String, version: String, source: String, initialState: String,
        states: [WorkflowState], transitions: [WorkflowTransition], deadlines: [DeadlineRule],
        settings: [String: String] = [:]
    ) {
        self.id = id
        self.label = label
        self.version = version
        self.source = source
        self.initialState = initialState
        self.states = states
        self.transitions = transitions
        self.deadlines = deadlines
        self.settings = settings
    }

    public func state(_ id: String) -> WorkflowState? { states.first { $0.id == id } }

    public func deadline(_ id: String) -> DeadlineRule? { deadlines.first { $0.id == id } }

    /// The transitions that may fire from a state (any role).
    public func transitions(from stateID: String) -> [WorkflowTransition] {
        let terminal = state(stateID)?.terminal ?? false
        return transitions.filter { $0.from.contains(stateID) || (!terminal && $0.from.contains(WorkflowTransition.anyState)) }
    }

    /// The typed settings, with the regulation's reading for every key the file leaves out.
    /// The loader has already rejected values that do not parse.
    public var resolvedSettings: WorkflowSettings {
        (try? WorkflowSettings(settings)) ?? WorkflowSettings()
    }

    /// Every event type some transition of this workflow emits, plus the engine's own.
    public var eventTypes: Set<String> {
        Set(transitions.map(\.emits)).union(CaseEventType.engineTypes)
    }

    /// A label for an event type: the emitting transition's `emits_label`, or the engine's.
    public func eventLabel(_ type: String) -> String {
        transitions.first { $0.emits == type }?.emitsLabel ?? CaseEventType.labels[type] ?? type
    }
}

/// A state a case can be in.
public struct WorkflowState: Hashable, Sendable, Codable {
    public var id: String
    public var label: String
    /// Terminal states end the case; no deadline runs in them.
    public var terminal: Bool

    public init(id: String, label: String, terminal: Bool = false) {
        self.id = id
        self.label = label
        self.terminal = terminal
    }
}

/// Event types the engine itself emits (not named by any workflow transition).
public enum CaseEventType {
    public static let registered = "registered"
    public static let noteAdded = "note_added"
    public static let deadlineStarted = "deadline_started"
    public static let deadlineWarned = "deadline_warned"
    public static let deadlineBreached = "deadline_breached"
    public static let deadlineMet = "deadline_met"
    public static let deadlinePaused = "deadline_paused"
    public static let deadlineResumed = "deadline_resumed"
    public static let deadlineExtended = "deadline_extended"
    public static let deadlineCancelled = "deadline_cancelled"
    /// 督办 raised by a breached deadline (`on_breach: [supervise]`).
    public static let supervisedOnBreach = "supervised_on_breach"
    /// 挂牌督办 raised by a breached deadline (`on_breach: [escalate]`).
    public static let escalatedOnBreach = "escalated_on_breach"
    /// 催办 raised by a deadline warning (`on_warning: [urge]`).
    public static let urgedOnWarning = "urged_on_warning"

    /// Types a workflow may not use for its own transitions.
    public static let engineTypes: Set<String> = Set(labels.keys)

    public static let labels: [String: String] = [
        registered: "登记", noteAdded: "留言", "duplicates_suspected": "疑似重复", "linked": "关联",
        "duplicate_dismissed": "排除重复", "pii_revealed": "查看个人信息",
        deadlineStarted: "开始计时", deadlineWarned: "临期预警", deadlineBreached: "超期",
        deadlineMet: "按期完成", deadlinePaused: "暂停计时", deadlineResumed: "恢复计时",
        deadlineExtended: "延长期限", deadlineCancelled: "停止计时",
        supervisedOnBreach: "超期督办", escalatedOnBreach: "超期挂牌督办", urgedOnWarning: "临期催办",
    ]
}
