import Coding
import EventStore
public import Foundation
public import Postgres

/// The admin's side of webhooks: endpoints (added with a secret shown once, listed, disabled, enabled, given a
/// new secret, removed), the delivery log, and redelivery.
public struct WebhookEndpoints: Sendable {
    /// Where endpoints are kept.
    public let pool: ConnectionPool

    /// Works on the endpoints in `pool`'s database.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// How long the secret before a rotation keeps signing beside the new one, so receivers can switch over.
    public static let rotationOverlap: TimeInterval = 24 * 3_600

    /// Adds an endpoint for `subscriber` at `url` (checked by `address`) and returns it with its secret, which is
    /// shown this once. It hears of events from now on.
    public func add(subscriber: String, url: String, address: WebhookAddress) async throws
        -> (endpoint: WebhookEndpoint, secret: String)
    {
        _ = try await SubscriberDirectory(pool: pool).existing(subscriber)
        if let problem = address.problem(url) { throw GalleyError.invalidInput(problem) }
        let id = "ep_" + Hex.random(bytes: 8)
        let secret = WebhookSigner.newSecret()
        // It hears of what is appended after the log's head as it stands now.
        let head = try await EventStore(pool: pool).head()
        let rows = try await pool.query(
            """
            INSERT INTO webhook_endpoints (id, subscriber, url, secret, from_position)
            VALUES ($1, $2, $3, $4, $5)
            RETURNING \(WebhookEndpoint.columns)
            """, [id, subscriber, url, secret, head])
        return (try WebhookEndpoint(row: rows[0]), secret)
    }

    /// A subscriber's endpoints (every subscriber's when nil), oldest first.
    public func list(subscriber: String?) async throws -> [WebhookEndpoint] {
        if let subscriber { _ = try await SubscriberDirectory(pool: pool).existing(subscriber) }
        return try await pool.query(
            """
            SELECT \(WebhookEndpoint.columns) FROM webhook_endpoints WHERE $1::text IS NULL OR subscriber = $1
            ORDER BY subscriber, created_at, id
            """, [subscriber]
        ).map(WebhookEndpoint.init(row:))
    }

    /// One endpoint, or a not-found error naming it.
    public func find(_ id: String) async throws -> WebhookEndpoint {
        let rows = try await pool.query(
            "SELECT \(WebhookEndpoint.columns) FROM webhook_endpoints WHERE id = $1", [id])
        guard let row = rows.first else { throw GalleyError.notFound("no endpoint \(id)") }
        return try WebhookEndpoint(row: row)
    }

    /// Disables an endpoint with the reason the admin sees; false when it was already disabled.
    @discardableResult
    public func disable(_ id: String, reason: String) async throws -> Bool {
        _ = try await find(id)
        return try await pool.query(
            """
            UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = now()
            WHERE id = $1 AND enabled RETURNING id
            """, [id, reason]
        ).count == 1
    }

    /// Enables an endpoint again; what waited in its queue goes out. False when it was already enabled.
    public func enable(_ id: String) async throws -> Bool {
        _ = try await find(id)
        let changed =
            try await pool.query(
                """
                UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, disabled_at = NULL
                WHERE id = $1 AND NOT enabled RETURNING id
                """, [id]
            ).count == 1
        if changed { try await pool.query("SELECT pg_notify($1, '')", [WebhookFollower.channel]) }
        return changed
    }

    /// Gives an endpoint a new secret, shown this once; the old one signs too for `rotationOverlap`.
    public func rotateSecret(_ id: String) async throws -> String {
        _ = try await find(id)
        let secret = WebhookSigner.newSecret()
        try await pool.query(
            """
            UPDATE webhook_endpoints
            SET previous_secret = secret, previous_until = now() + make_interval(secs => $3), secret = $2
            WHERE id = $1
            """, [id, secret, Self.rotationOverlap])
        return secret
    }

    /// Removes an endpoint with its queue and delivery log.
    public func remove(_ id: String) async throws {
        _ = try await find(id)
        try await pool.query("DELETE FROM webhook_endpoints WHERE id = $1", [id])
    }

    /// A subscriber's delivery log, newest attempt first.
    public func attempts(subscriber: String, limit: Int) async throws -> [WebhookAttemptRecord] {
        _ = try await SubscriberDirectory(pool: pool).existing(subscriber)
        return try await pool.query(
            """
            SELECT a.at, a.endpoint_id, d.message_id, d.type, d.story_id, a.attempt, a.status, a.latency_ms,
                a.error, d.state
            FROM webhook_endpoints e
            JOIN webhook_attempts a ON a.endpoint_id = e.id
            JOIN webhook_deliveries d ON d.id = a.delivery_id
            WHERE e.subscriber = $1
            ORDER BY a.id DESC LIMIT $2
            """, [subscriber, limit]
        ).map(WebhookAttemptRecord.init(row:))
    }

    /// Sends again one event (by its webhook-id), or every event queued since a time, to a subscriber's
    /// endpoints, with the same webhook-id and a fresh schedule; returns how many deliveries were queued again.
    public func redeliver(subscriber: String, message: String?, since: Date?) async throws -> Int {
        _ = try await SubscriberDirectory(pool: pool).existing(subscriber)
        let count = try await pool.query(
            """
            UPDATE webhook_deliveries d SET state = 'pending', attempts = 0, next_at = now(), delivered_at = NULL
            FROM webhook_endpoints e
            WHERE e.id = d.endpoint_id AND e.subscriber = $1 AND d.state <> 'canceled'
                AND ($2::text IS NULL OR d.message_id = $2) AND ($3::timestamptz IS NULL OR d.due_at >= $3)
            RETURNING d.id
            """, [subscriber, message, since]
        ).count
        if let message, count == 0 {
            throw GalleyError.notFound("no delivery \(message) to \(subscriber)'s endpoints")
        }
        try await pool.query("SELECT pg_notify($1, '')", [WebhookFollower.channel])
        return count
    }
}
