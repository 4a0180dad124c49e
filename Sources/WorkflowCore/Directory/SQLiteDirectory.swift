public import Foundation
public import GRDB

/// Orgs, users and tokens in the same SQLite database as the events. Directory changes
/// are recorded in `admin_audit`; nothing is deleted (users are disabled, tokens revoked).
public struct SQLiteDirectory: Sendable {
    public let pool: DatabasePool
    /// Tokens and the org tree as requests read them (`DirectoryCache`); dropped on each write.
    private let cache = DirectoryCache()

    public init(pool: DatabasePool) { self.pool = pool }

    public func createOrg(_ org: Org, by actor: String, at now: Date) async throws {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM orgs WHERE id = ?", arguments: [org.id]) == true {
                throw StoreError(.duplicate, "org \(org.id) already exists")
            }
            try db.execute(
                sql: "INSERT INTO orgs (id, name, parent_id, level, office_hours, created_ms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [org.id, org.name, org.parentID, org.level, org.officeHours, StoredCoding.milliseconds(now)])
            try audit(db, actor: actor, action: "create_org", subject: org.id, detail: org.name, at: now)
        }
    }

    public func orgs() async throws -> [Org] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM orgs ORDER BY id")).map {
                Org(id: $0["id"], name: $0["name"], parentID: $0["parent_id"], level: $0["level"], officeHours: $0["office_hours"])
            }
        }
    }

    public func createUser(_ user: User, by actor: String) async throws {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [user.id]) == true {
                throw StoreError(.duplicate, "user \(user.id) already exists")
            }
            try db.execute(
                sql: "INSERT INTO users (id, display_name, org_id, roles, extra_rights, disabled, created_ms) VALUES (?, ?, ?, ?, ?, 0, ?)",
                arguments: [
                    user.id, user.displayName, user.orgID, user.roles.map(\.rawValue).joined(separator: ","),
                    user.extraRights.joined(separator: ","), StoredCoding.milliseconds(user.createdAt),
                ])
            try audit(db, actor: actor, action: "create_user", subject: user.id, detail: user.roles.map(\.rawValue).joined(separator: ","), at: user.createdAt)
        }
    }

    public func users(orgID: String? = nil) async throws -> [User] {
        try await pool.read { db in
            let rows = try orgID.map {
                try Row.fetchAll(db, sql: "SELECT * FROM users WHERE org_id = ? ORDER BY id", arguments: [$0])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY id")
            return rows.map(Self.user)
        }
    }

    public func user(id: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user)
        }
    }

    /// Disables a user: their tokens stop working; the record stays.
    public func disableUser(id: String, reason: String, by actor: String, at now: Date) async throws -> User {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no user \(id)")
            }
            var user = Self.user(row)
            if !user.disabled {
                try db.execute(sql: "UPDATE users SET disabled = 1 WHERE id = ?", arguments: [id])
                try audit(db, actor: actor, action: "disable_user", subject: id, detail: reason, at: now)
                user.disabled = true
            }
            return user
        }
    }

    /// Creates a token and returns its info and the secret (the only time it exists in clear).
    public func createToken(userID: String, label: String, expiresAt: Date?, by actor: String, at now: Date) async throws -> (TokenInfo, String) {
        let secret = TokenSecret.generate()
        let info = TokenInfo(
            id: "tok-" + UUID().uuidString.prefix(8).lowercased(), userID: userID, label: label, createdAt: now,
            expiresAt: expiresAt, revokedAt: nil)
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [userID]) == true else {
                throw StoreError(.notFound, "no user \(userID)")
            }
            try db.execute(
                sql: "INSERT INTO tokens (id, user_id, token_hash, label, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    info.id, userID, TokenSecret.hash(secret), label, StoredCoding.milliseconds(now),
                    expiresAt.map(StoredCoding.milliseconds),
                ])
            try audit(db, actor: actor, action: "create_token", subject: info.id, detail: userID, at: now)
        }
        return (info, secret)
    }

    /// The org tree, as of at most `DirectoryCache.lifetime` ago (at once after a change
    /// made through this directory).
    public func hierarchy(at now: Date = Date()) async throws -> OrgHierarchy {
        if let tree = cache.tree(at: now) { return tree }
        let tree = OrgHierarchy(try await orgs())
        cache.remember(tree: tree, at: now)
        return tree
    }

    /// The valid token and its user for a presented secret, or nil. Validity (expiry) is
    /// judged at `now` on every call; revocation and disabling made through this directory
    /// count at once, made by another process within `DirectoryCache.lifetime`.
    public func authenticate(secret: String, at now: Date) async throws -> (TokenInfo, User)? {
        let hash = TokenSecret.hash(secret)
        if let (info, user) = cache.token(hash: hash, at: now) {
            return info.isValid(at: now) ? (info, user) : nil
        }
        let found = try await pool.read { db -> (TokenInfo, User)? in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM tokens WHERE token_hash = ?"), arguments: [hash]) else {
                return nil
            }
            let info = Self.token(row)
            guard let user = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE id = ?"), arguments: [info.userID])
                .map(Self.user)
            else { return nil }
            return (info, user)
        }
        guard let (info, user) = found else { return nil }
        if !user.disabled, info.revokedAt == nil { cache.remember(token: (info, user), hash: hash, at: now) }
        return info.isValid(at: now) && !user.disabled ? (info, user) : nil
    }

    public func tokens(userID: String?) async throws -> [TokenInfo] {
        try await pool.read { db in
            let rows = try userID.map {
                try Row.fetchAll(db, sql: "SELECT * FROM tokens WHERE user_id = ? ORDER BY created_ms", arguments: [$0])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM tokens ORDER BY created_ms")
            return rows.map(Self.token)
        }
    }

    public func revokeToken(id: String, by actor: String, at now: Date) async throws -> TokenInfo {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no token \(id)")
            }
            var info = Self.token(row)
            if info.revokedAt == nil {
                try db.execute(sql: "UPDATE tokens SET revoked_ms = ? WHERE id = ?", arguments: [StoredCoding.milliseconds(now), id])
                try audit(db, actor: actor, action: "revoke_token", subject: id, detail: info.userID, at: now)
                info.revokedAt = now
            }
            return info
        }
    }

    /// A directory write; the cache is dropped after it, so the change counts at once.
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { cache.invalidate() }
        return try await pool.write(body)
    }

    private func audit(_ db: Database, actor: String, action: String, subject: String, detail: String, at now: Date) throws {
        try db.execute(
            sql: "INSERT INTO admin_audit (actor_id, action, subject, detail, at_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [actor, action, subject, detail, StoredCoding.milliseconds(now)])
    }

    private static func user(_ row: Row) -> User {
        let roles: String = row["roles"]
        let rights: String = row["extra_rights"]
        return User(
            id: row["id"], displayName: row["display_name"], orgID: row["org_id"],
            roles: roles.split(separator: ",").map { Role(rawValue: String($0)) },
            extraRights: rights.split(separator: ",").map(String.init), disabled: row["disabled"],
            createdAt: StoredCoding.date(milliseconds: row["created_ms"]))
    }

    private static func token(_ row: Row) -> TokenInfo {
        let expires: Int64? = row["expires_ms"]
        let revoked: Int64? = row["revoked_ms"]
        return TokenInfo(
            id: row["id"], userID: row["user_id"], label: row["label"],
            createdAt: StoredCoding.date(milliseconds: row["created_ms"]),
            expiresAt: expires.map { StoredCoding.date(milliseconds: $0) },
            revokedAt: revoked.map { StoredCoding.date(milliseconds: $0) })
    }
}
