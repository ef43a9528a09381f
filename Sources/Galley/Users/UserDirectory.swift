public import Editorial
public import EventStore
public import Foundation
public import Postgres

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
    /// How they are named in bylines and pages, when it is not the login name.
    public var displayName: String? = nil

    /// Their default byline: the display name, else the login name.
    public var byline: String { displayName ?? name }
}

/// The users table, with every change also recorded in the user's stream of the log (see `UserEvent`).
public struct UserDirectory: Sendable {
    /// Where users are stored.
    public let pool: ConnectionPool

    /// Creates a directory over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    static let columns = "name, roles, disabled, created_at, display_name"

    /// Adds a user as `actor`; a taken name or a malformed one is refused.
    @discardableResult
    public func add(_ name: String, roles: Set<Role>, displayName: String? = nil, by actor: String) async throws
        -> User
    {
        try Self.validate(name)
        guard !roles.isEmpty else { throw GalleyError.invalidInput("a user needs at least one role") }
        let displayName = try Self.displayName(displayName)
        do {
            return try await record(.added(roles: roles, displayName: displayName), of: name, by: actor) { connection in
                let rows = try await connection.query(
                    "INSERT INTO users (name, roles, display_name) VALUES ($1, $2, $3) RETURNING \(Self.columns)",
                    [name, roles.sorted().map(\.rawValue), displayName])
                return try Self.user(rows[0])
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw GalleyError.invalidInput("a user named \(name) already exists")
        }
    }

    /// A page of users by name, after the name `after`.
    public func list(limit: Int = PageCursor.maxLimit, after: String? = nil) async throws -> Page<User> {
        let users = try await pool.query(
            "SELECT \(Self.columns) FROM users WHERE $1::text IS NULL OR name > $1 ORDER BY name LIMIT $2",
            [after, limit + 1]
        ).map(Self.user)
        return Page(items: Array(users.prefix(limit)), next: users.count > limit ? users[limit - 1].name : nil)
    }

    /// Disables a user and ends their web sessions; they stay in the log's history but can no longer act. False
    /// when they already were.
    @discardableResult
    public func disable(_ name: String, by actor: String) async throws -> Bool {
        // The sessions are deleted, not just refused while disabled: enabling the user again must not bring an old
        // cookie back to life.
        try await change(
            name, to: .disabled, by: actor, "UPDATE users SET disabled = true WHERE name = $1 AND NOT disabled", [],
            then: "DELETE FROM web_sessions WHERE user_name = $1")
    }

    /// Lets a disabled user act again. False when they were not disabled.
    @discardableResult
    public func enable(_ name: String, by actor: String) async throws -> Bool {
        try await change(
            name, to: .enabled, by: actor, "UPDATE users SET disabled = false WHERE name = $1 AND disabled", [])
    }

    /// Replaces a user's roles. False when they had exactly these.
    @discardableResult
    public func setRoles(_ name: String, _ roles: Set<Role>, by actor: String) async throws -> Bool {
        guard !roles.isEmpty else { throw GalleyError.invalidInput("a user needs at least one role") }
        let sorted = roles.sorted().map(\.rawValue)
        return try await change(
            name, to: .rolesChanged(roles), by: actor,
            "UPDATE users SET roles = $2 WHERE name = $1 AND roles IS DISTINCT FROM $2", [sorted])
    }

    /// Sets a user's display name, or removes it with nil. False when it was already so.
    @discardableResult
    public func setDisplayName(_ name: String, _ displayName: String?, by actor: String) async throws -> Bool {
        let displayName = try Self.displayName(displayName)
        return try await change(
            name, to: .displayNameChanged(displayName), by: actor,
            "UPDATE users SET display_name = $2 WHERE name = $1 AND display_name IS DISTINCT FROM $2", [displayName])
    }

    /// Every recorded change to a user and their tokens, oldest first.
    public func history(of name: String) async throws -> [RecordedEvent] {
        let events = try await EventStore(pool: pool).readStream(UserEvent.stream(of: name))
        if events.isEmpty, try await find(name) == nil { throw GalleyError.notFound("there is no user named \(name)") }
        return events
    }

    /// The user named `name`, or nil.
    public func find(_ name: String) async throws -> User? {
        let rows = try await pool.query("SELECT \(Self.columns) FROM users WHERE name = $1", [name])
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

    /// Runs `update` (which changes one row of `name` or none) and `then` (with `name` alone) in one transaction
    /// and, when the update changed a row, records `event`.
    private func change(
        _ name: String, to event: UserEvent, by actor: String, _ update: String,
        _ parameters: [(any PostgresEncodable)?], then: String? = nil
    ) async throws -> Bool {
        let changed = try await record(event, of: name, by: actor, when: { $0 }) { connection in
            let changed = try await connection.query(update, [name] + parameters).affectedRows == 1
            if let then { try await connection.query(then, [name]) }
            return changed
        }
        if !changed, try await find(name) == nil { throw GalleyError.notFound("there is no user named \(name)") }
        return changed
    }

    /// Makes a change in one transaction with the event that records it in `name`'s stream.
    func record<T: Sendable>(
        _ event: UserEvent, of name: String, by actor: String, when shouldRecord: (T) -> Bool = { _ in true },
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        try await pool.withConnection { connection in
            try await connection.transaction { connection in
                let value = try await body(connection)
                if shouldRecord(value) {
                    try await EventStore.append(
                        to: UserEvent.stream(of: name), expected: .any, events: [event.newEvent],
                        metadata: EventMetadata(actor: actor), inTransactionOn: connection)
                }
                return value
            }
        }
    }

    /// Refuses a name that is not a-z first, then up to 62 of a-z, 0-9, '.', '_', '-': the rule of user and
    /// subscriber names alike (`what` names which it is in the message).
    static func validate(_ name: String, what: String = "user") throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)
        }
        guard allowed, let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 63 else {
            throw GalleyError.invalidInput(
                "a \(what) name starts with a-z and has up to 63 of a-z, 0-9, '.', '_', '-': \(name)")
        }
    }

    /// A display name trimmed, nil when empty; one line of at most 120 characters.
    static func displayName(_ text: String?) throws -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.count <= 120, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw GalleyError.invalidInput("a display name is one line of at most 120 characters") }
        return text
    }

    static func user(_ row: Row) throws -> User {
        let roles: [String] = try row.decode("roles")
        return User(
            name: try row.decode("name"), roles: Set(roles.compactMap(Role.init(rawValue:))),
            disabled: try row.decode("disabled"), createdAt: try row.decode("created_at"),
            displayName: try row.decode("display_name"))
    }
}
