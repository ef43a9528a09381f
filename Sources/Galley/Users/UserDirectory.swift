import Editorial
import Foundation
import Postgres

/// A person known to Galley.
public struct User: Sendable, Hashable {
    /// The login name, such as `ana`.
    public var name: String
    /// What they may do.
    public var roles: Set<Role>
    /// Whether they are refused.
    public var disabled: Bool
    /// When they were added.
    public var createdAt: Date
}

/// The users table: add, list, disable, and resolve who acts.
public struct UserDirectory: Sendable {
    /// Where users are stored.
    public let pool: ConnectionPool

    /// Creates a directory over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// Adds a user; a taken name or a malformed one is refused.
    @discardableResult
    public func add(_ name: String, roles: Set<Role>) async throws -> User {
        try Self.validate(name)
        guard !roles.isEmpty else { throw GalleyError.invalidInput("a user needs at least one role") }
        do {
            let rows = try await pool.query(
                "INSERT INTO users (name, roles) VALUES ($1, $2) RETURNING name, roles, disabled, created_at",
                [name, roles.sorted().map(\.rawValue)])
            return try Self.user(rows[0])
        } catch let error as PostgresError where error.isUniqueViolation {
            throw GalleyError.invalidInput("a user named \(name) already exists")
        }
    }

    /// Every user, by name.
    public func list() async throws -> [User] {
        try await pool.query("SELECT name, roles, disabled, created_at FROM users ORDER BY name").map(Self.user)
    }

    /// Disables a user; they stay in the log's history but can no longer act.
    public func disable(_ name: String) async throws {
        let changed = try await pool.query("UPDATE users SET disabled = true WHERE name = $1", [name]).affectedRows
        guard changed == 1 else { throw GalleyError.notFound("there is no user named \(name)") }
    }

    /// The user named `name`, or nil.
    public func find(_ name: String) async throws -> User? {
        let rows = try await pool.query("SELECT name, roles, disabled, created_at FROM users WHERE name = $1", [name])
        return try rows.first.map(Self.user)
    }

    /// The user who acts, refused when unknown or disabled.
    public func actor(_ name: String) async throws -> User {
        guard let user = try await find(name) else {
            throw GalleyError.forbidden("unknown user \(name); an admin adds users with galley users add")
        }
        guard !user.disabled else { throw GalleyError.forbidden("user \(name) is disabled") }
        return user
    }

    static func validate(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)
        }
        guard allowed, let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 63 else {
            throw GalleyError.invalidInput(
                "a user name starts with a-z and has up to 63 of a-z, 0-9, '.', '_', '-': \(name)")
        }
    }

    static func user(_ row: Row) throws -> User {
        let roles: [String] = try row.decode("roles")
        return User(
            name: try row.decode("name"), roles: Set(roles.compactMap(Role.init(rawValue:))),
            disabled: try row.decode("disabled"), createdAt: try row.decode("created_at"))
    }
}
