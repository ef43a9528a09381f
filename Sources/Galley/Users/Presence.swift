public import Coding
public import Foundation
public import Postgres

/// Who has a story open in a browser, and who is editing it, now: heartbeats in a table every server shares.
///
/// Presence is not an event of the log: it is true for seconds, and a browser that goes away without a word
/// drops out once its last heartbeat is older than `window`.
public struct Presence: Sendable {
    /// One person on one story.
    public struct Visitor: Sendable, Hashable {
        /// Their user name.
        public var name: String
        /// Whether they are typing in the story's edit form.
        public var editing: Bool
    }

    let pool: ConnectionPool
    /// How long a heartbeat counts: a few of the page's beats, so that one late beat does not drop a person.
    public var window: Duration = .seconds(15)

    /// Presence kept in `pool`'s database.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// How a browser tab names itself: 8 to 64 lowercase letters and digits, made by the page's script.
    public static func isTab(_ tab: String) -> Bool {
        (8...64).contains(tab.utf8.count)
            && tab.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// `user` has `story` open in `tab` (editing or not), as of now; answers who else is there.
    public func beat(story: String, user: String, tab: String, editing: Bool, now: Date = Date()) async throws
        -> [Visitor]
    {
        let since = now.addingTimeInterval(-Double(window.components.seconds))
        let rows = try await pool.withSession { session in
            _ = try session.query(
                """
                INSERT INTO presence (article_id, user_name, tab, editing, seen_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (article_id, user_name, tab) DO UPDATE SET editing = $4, seen_at = $5
                """, [story, user, tab, editing, now])
            // Rows long gone are swept by whoever beats; a stale row is already ignored by every read.
            _ = try session.query("DELETE FROM presence WHERE seen_at < $1", [since.addingTimeInterval(-60)])
            return try session.query(
                """
                SELECT user_name, bool_or(editing) AS editing FROM presence
                WHERE article_id = $1 AND user_name <> $2 AND seen_at >= $3
                GROUP BY user_name ORDER BY user_name
                """, [story, user, since])
        }
        return try rows.map { Visitor(name: try $0.decode("user_name"), editing: try $0.decode("editing")) }
    }

    /// `user`'s `tab` has left `story` (the page was closed or left).
    public func leave(story: String, user: String, tab: String) async throws {
        _ = try await pool.query(
            "DELETE FROM presence WHERE article_id = $1 AND user_name = $2 AND tab = $3", [story, user, tab])
    }

    /// Everyone on any story now, by story: what the board shows on its cards.
    public func everywhere(now: Date = Date()) async throws -> [String: [Visitor]] {
        let since = now.addingTimeInterval(-Double(window.components.seconds))
        let rows = try await pool.query(
            """
            SELECT article_id, user_name, bool_or(editing) AS editing FROM presence WHERE seen_at >= $1
            GROUP BY article_id, user_name ORDER BY article_id, user_name LIMIT 2000
            """, [since])
        var visitors: [String: [Visitor]] = [:]
        for row in rows {
            visitors[try row.decode("article_id"), default: []].append(
                Visitor(name: try row.decode("user_name"), editing: try row.decode("editing")))
        }
        return visitors
    }
}

extension Presence.Visitor {
    /// `{"name": …, "editing": …}`.
    public var jsonValue: JSONValue { .object(["name": .string(name), "editing": .bool(editing)]) }
}
