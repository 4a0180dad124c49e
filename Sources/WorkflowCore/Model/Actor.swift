/// A role a user or account acts in. Roles are data (the workflow files name them), so
/// this is an open set of ids with the well-known ones as constants.
public struct Role: Hashable, Sendable, Codable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// 接待员: registers visits, letters and calls.
    public static let receptionist: Role = "receptionist"
    /// 承办人: handles a case in the responsible org.
    public static let handler: Role = "handler"
    /// 督办员: supervises deadlines and handling.
    public static let supervisor: Role = "supervisor"
    /// 领导: approves extensions, takes personal charge (包案).
    public static let leader: Role = "leader"
    public static let admin: Role = "admin"
    /// A hotline platform or another system calling the API.
    public static let service: Role = "service"
    /// A plugin acting through the plugin host.
    public static let plugin: Role = "plugin"
    /// The daemon itself (timers).
    public static let system: Role = "system"

    /// The roles a person or account can hold, with their Chinese labels.
    public static let known: [(Role, String)] = [
        (.receptionist, "接待员"), (.handler, "承办人"), (.supervisor, "督办员"), (.leader, "领导"),
        (.admin, "管理员"), (.service, "服务账号"), (.plugin, "插件"), (.system, "系统"),
    ]

    public var label: String { Role.known.first { $0.0 == self }?.1 ?? rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Who did something: every event carries one.
public struct Actor: Hashable, Sendable, Codable {
    public var id: String
    public var displayName: String
    public var role: Role
    /// The org the actor acted for; empty for the system.
    public var orgID: String

    public init(id: String, displayName: String, role: Role, orgID: String) {
        self.id = id
        self.displayName = displayName
        self.role = role
        self.orgID = orgID
    }

    /// The daemon's own actor, used for timer-fired events.
    public static let system = Actor(id: "system", displayName: "系统", role: .system, orgID: "")
}
