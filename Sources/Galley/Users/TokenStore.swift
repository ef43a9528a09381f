import Coding
import Crypto
public import Foundation
public import Postgres

/// A bearer token as `galley tokens list` shows it: never the token itself.
public struct TokenRecord: Sendable, Hashable {
    /// The token's public id, the part before the secret.
    public var id: String
    /// Whose it is.
    public var user: String
    /// When it was issued.
    public var createdAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?
    /// What it is for, such as `laptop`.
    public var label: String? = nil
    /// When it stops working, if it does.
    public var expiresAt: Date? = nil
}

/// Issues, lists, revokes and checks the HTTP service's bearer tokens (migrations/0008).
///
/// A token is `glly_<id>_<secret>`: the id finds nothing by itself, the secret is 32 random bytes, and only
/// the SHA-256 of the whole token is stored, so a copy of the database cannot be used to call the API.
public struct TokenStore: Sendable {
    /// Where tokens are stored.
    public let pool: ConnectionPool

    /// Creates the store over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// Issues a token for an active user as `actor` and returns it; it cannot be shown again. The log records
    /// that it was issued (its id, label and expiry), never the token.
    public func issue(for name: String, label: String? = nil, expiresAt: Date? = nil, by actor: String) async throws
        -> (token: String, record: TokenRecord)
    {
        guard let user = try await UserDirectory(pool: pool).find(name), !user.disabled else {
            throw GalleyError.notFound("there is no active user named \(name)")
        }
        if let expiresAt, expiresAt <= Date() {
            throw GalleyError.invalidInput("a token's expiry must be in the future")
        }
        let label = try UserDirectory.displayName(label)
        let id = ArticleID.make()
        let secret = Hex.random(bytes: 32)
        let token = "glly_\(id)_\(secret)"
        let event = UserEvent.tokenIssued(id: id, label: label, expiresAt: expiresAt)
        let created: Date = try await UserDirectory(pool: pool).record(event, of: user.name, by: actor) { connection in
            try await connection.query(
                """
                INSERT INTO api_tokens (id, user_name, token_hash, label, expires_at) VALUES ($1, $2, $3, $4, $5)
                RETURNING created_at
                """, [id, user.name, Self.hash(token), label, expiresAt]
            )[0].decode("created_at")
        }
        return (
            token, TokenRecord(id: id, user: user.name, createdAt: created, label: label, expiresAt: expiresAt)
        )
    }

    /// A page of tokens, newest first, optionally only one user's, after `cursor`.
    public func list(user: String? = nil, limit: Int = PageCursor.maxLimit, after cursor: String? = nil) async throws
        -> Page<TokenRecord>
    {
        let (time, id) = try cursor.map(PageCursor.decodeTime) ?? (nil, nil)
        let records = try await pool.query(
            """
            SELECT id, user_name, created_at, revoked_at, label, expires_at FROM api_tokens
            WHERE ($1::text IS NULL OR user_name = $1) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
            ORDER BY created_at DESC, id DESC LIMIT $4
            """, [user, time, id, limit + 1]
        ).map { row in
            TokenRecord(
                id: try row.decode("id"), user: try row.decode("user_name"), createdAt: try row.decode("created_at"),
                revokedAt: try row.decode("revoked_at"), label: try row.decode("label"),
                expiresAt: try row.decode("expires_at"))
        }
        let items = Array(records.prefix(limit))
        return Page(
            items: items, next: records.count > limit ? items.last.map { PageCursor.encode($0.createdAt, $0.id) } : nil)
    }

    /// Revokes a token by its id as `actor`. False when it was already revoked.
    @discardableResult
    public func revoke(_ id: String, by actor: String) async throws -> Bool {
        let rows = try await pool.query("SELECT user_name, revoked_at FROM api_tokens WHERE id = $1", [id])
        guard let row = rows.first else { throw GalleyError.notFound("there is no token \(id)") }
        let owner: String = try row.decode("user_name")
        return try await UserDirectory(pool: pool).record(.tokenRevoked(id: id), of: owner, by: actor, when: { $0 }) {
            try await $0.query(
                "UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", [id]
            ).affectedRows == 1
        }
    }

    /// The user a token belongs to, or nil when it is unknown, revoked, expired, or its user is disabled.
    public func user(for token: String) async throws -> User? {
        guard let hash = Self.hash(ofWellFormed: token) else { return nil }
        return try await holder(ofHash: hash)?.user
    }

    /// The user behind a token's hash (see `hash(ofWellFormed:)`) and when the token expires, or nil as for
    /// `user(for:)`.
    func holder(ofHash hash: Data) async throws -> (user: User, expiresAt: Date?)? {
        let rows = try await pool.query(
            """
            SELECT u.name, u.roles, u.disabled, u.created_at, u.display_name, t.expires_at
            FROM api_tokens t JOIN users u ON u.name = t.user_name
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
              AND NOT u.disabled
            """, [hash])
        return try rows.first.map { (try UserDirectory.user($0), try $0.decode("expires_at")) }
    }

    /// The hash a token is stored and looked up by; nil for text that cannot be a token at all.
    static func hash(ofWellFormed token: String) -> Data? {
        guard token.hasPrefix("glly_"), token.utf8.count < 200 else { return nil }
        return hash(token)
    }

    static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }
}
