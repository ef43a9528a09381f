import Coding
import Foundation
public import Postgres

/// Issues, revokes and checks subscribers' content API tokens (migrations/0026).
///
/// A token is `gsub_<id>_<secret>`, apart from the newsroom's `glly_` tokens in form and in table, so that a
/// subscriber's token never opens the newsroom's API and a person's token never opens the content API. Only the
/// SHA-256 of the whole token is stored; the token is shown once.
public struct SubscriberTokenStore: Sendable {
    /// Where tokens are stored.
    public let pool: ConnectionPool

    /// Creates the store over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// How a subscriber's token begins, telling it from a user's (`glly_`) before any look-up.
    public static let prefix = "gsub_"

    /// Issues a token for an active subscriber as `actor`: the token, which cannot be shown again, and its id.
    /// The log records that it was issued (its id), never the token.
    public func issue(for name: String, by actor: String) async throws -> (token: String, id: String) {
        let directory = SubscriberDirectory(pool: pool)
        guard let subscriber = try await directory.find(name), !subscriber.disabled else {
            throw GalleyError.notFound("there is no active subscriber named \(name)")
        }
        let id = ArticleID.make()
        let token = Self.prefix + "\(id)_\(Hex.random(bytes: 32))"
        _ = try await directory.record(.tokenIssued(id: id), of: subscriber.name, by: actor) { connection in
            try await connection.query(
                "INSERT INTO subscriber_tokens (id, subscriber_name, token_hash) VALUES ($1, $2, $3)",
                [id, subscriber.name, TokenStore.hash(token)])
        }
        return (token, id)
    }

    /// Revokes a subscriber's token by its id as `actor`. False when it was already revoked.
    @discardableResult
    public func revoke(_ id: String, by actor: String) async throws -> Bool {
        let rows = try await pool.query("SELECT subscriber_name FROM subscriber_tokens WHERE id = $1", [id])
        guard let row = rows.first else { throw GalleyError.notFound("there is no subscriber token \(id)") }
        let owner: String = try row.decode("subscriber_name")
        return try await SubscriberDirectory(pool: pool).record(
            .tokenRevoked(id: id), of: owner, by: actor, when: { $0 }
        ) {
            try await $0.query(
                "UPDATE subscriber_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", [id]
            ).affectedRows == 1
        }
    }

    /// The subscriber a token belongs to, or nil when it is unknown, revoked, or its subscriber is disabled.
    public func subscriber(for token: String) async throws -> Subscriber? {
        guard token.hasPrefix(Self.prefix), token.utf8.count < 200 else { return nil }
        let rows = try await pool.query(
            """
            SELECT s.name, s.desks, s.languages, s.embargo_partner, s.disabled, s.created_at
            FROM subscriber_tokens t JOIN subscribers s ON s.name = t.subscriber_name
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT s.disabled
            """, [TokenStore.hash(token)])
        return try rows.first.map(SubscriberDirectory.subscriber)
    }
}
