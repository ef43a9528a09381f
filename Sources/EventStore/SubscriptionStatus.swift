public import Foundation
public import Postgres

/// Where one subscription stands against the log: what a status page or a metric shows of it.
public struct SubscriptionStatus: Sendable, Hashable {
    /// The subscription's name.
    public var name: String
    /// The position of the last event it handled; 0 when it never ran.
    public var checkpoint: Int64
    /// The position of the newest event in the log when the status was read.
    public var head: Int64
    /// How many events it has still to handle (positions are not dense, so this is a count, not a difference).
    public var lag: Int64
    /// When its checkpoint last moved; nil if it never ran.
    public var updatedAt: Date?
    /// The streams it passes over, each with the event it could not apply, oldest first.
    public var failures: [SubscriptionFailure]
}

// The checkpoint table belongs to the store: these are the only ways others read or move a checkpoint besides `run`.
extension Subscription {
    /// The log's head and which of `names` have not reached it, in one query: a read that must see every
    /// committed event calls this first, so it stays one round trip however many subscriptions there are.
    public static func behind(_ names: [String], on connection: Connection) async throws
        -> (head: Int64, behind: [String])
    {
        let row = try await connection.query(
            """
            WITH head AS (SELECT coalesce(max(position), 0) AS position FROM events)
            SELECT head.position AS head,
                   ARRAY(SELECT p.name FROM unnest($1::text[]) AS p(name)
                         LEFT JOIN subscriptions s ON s.name = p.name
                         WHERE coalesce(s.position, 0) < head.position) AS behind
            FROM head
            """, [names])[0]
        return (try row.decode("head", as: Int64.self), try row.decode("behind", as: [String].self))
    }

    /// The lowest checkpoint among `names` (0 for one that never ran): everything up to it is in their tables.
    public static func lowestCheckpoint(of names: [String], on connection: Connection) async throws -> Int64 {
        try await connection.query(
            """
            SELECT coalesce(min(coalesce(s.position, 0)), 0) AS position
            FROM unnest($1::text[]) AS p(name) LEFT JOIN subscriptions s ON s.name = p.name
            """, [names]
        )[0].decode("position", as: Int64.self)
    }

    /// Each of `names`' checkpoint, lag and parked streams, in the order given; a name that never ran stands at 0.
    public static func status(of names: [String], using pool: ConnectionPool) async throws -> [SubscriptionStatus] {
        let rows = try await pool.query(
            """
            WITH head AS (SELECT coalesce(max(position), 0) AS position FROM events)
            SELECT p.name, coalesce(s.position, 0) AS checkpoint, s.updated_at, head.position AS head,
                   (SELECT count(*) FROM events e WHERE e.position > coalesce(s.position, 0)) AS lag
            FROM unnest($1::text[]) WITH ORDINALITY AS p(name, ordinal)
            CROSS JOIN head LEFT JOIN subscriptions s ON s.name = p.name
            ORDER BY p.ordinal
            """, [names])
        let failures = Dictionary(
            grouping: try await pool.query(
                """
                SELECT name, stream_id, position, type, failure, failed_at FROM subscription_failures
                WHERE name = ANY($1) ORDER BY position
                """, [names]),
            by: { (try? $0.decode("name", as: String.self)) ?? "" })
        return try rows.map { row in
            let name: String = try row.decode("name")
            return SubscriptionStatus(
                name: name, checkpoint: try row.decode("checkpoint"), head: try row.decode("head"),
                lag: try row.decode("lag"), updatedAt: try row.decode("updated_at"),
                failures: try (failures[name] ?? []).map(SubscriptionFailure.init(row:)))
        }
    }

    /// Locks a subscription's checkpoint for the rest of the caller's transaction and returns it, creating the
    /// row of one that never ran. A process running the subscription waits at its next batch until the
    /// transaction ends, so the caller can replace what the subscription wrote and move it on (`reset`).
    public static func lockCheckpoint(of name: String, on session: Session) throws -> Int64 {
        try session.execute("INSERT INTO subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name])
        return try session.query("SELECT position FROM subscriptions WHERE name = $1 FOR UPDATE", [name])[0]
            .decode("position")
    }

    /// Moves a subscription's checkpoint to `position` and forgets the streams it passed over, in the caller's
    /// transaction: what a rebuild does once the subscription's writes hold every event up to `position` again.
    public static func reset(_ name: String, to position: Int64, on session: Session) throws {
        try session.execute(
            "UPDATE subscriptions SET position = $2, updated_at = now() WHERE name = $1", [name, position])
        try session.execute("DELETE FROM subscription_failures WHERE name = $1", [name])
    }
}
