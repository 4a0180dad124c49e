public import Foundation

/// An organisation in the tree: province, city, county, township, department, grid.
public struct Org: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// Empty for the root.
    public var parentID: String
    public var level: String
    /// e.g. `09:00-12:00,13:30-17:30`; empty: the standard office hours.
    public var officeHours: String

    public init(id: String, name: String, parentID: String, level: String, officeHours: String = "") {
        self.id = id
        self.name = name
        self.parentID = parentID
        self.level = level
        self.officeHours = officeHours
    }

    public static let levels = ["province", "city", "county", "township", "department", "grid"]
}

/// A person or a service account.
public struct User: Hashable, Sendable, Codable {
    public var id: String
    public var displayName: String
    public var orgID: String
    public var roles: [Role]
    public var extraRights: [String]
    public var disabled: Bool
    public var createdAt: Date

    public init(id: String, displayName: String, orgID: String, roles: [Role], extraRights: [String] = [], disabled: Bool = false, createdAt: Date) {
        self.id = id
        self.displayName = displayName
        self.orgID = orgID
        self.roles = roles
        self.extraRights = extraRights
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// A bearer token's stored facts (never its secret).
public struct TokenInfo: Hashable, Sendable {
    public var id: String
    public var userID: String
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: String, userID: String, label: String, createdAt: Date, expiresAt: Date?, revokedAt: Date?) {
        self.id = id
        self.userID = userID
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public func isValid(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}
