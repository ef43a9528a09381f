public import Coding
public import Editorial
public import Foundation
import Postgres

/// One item of a person's inbox: an event of a story that asked something of them (see `Notice`).
public struct InboxItem: Sendable, Hashable {
    /// The event's place in the log: the item's identity, and what a read mark is measured in.
    public var position: Int64
    /// The story's id.
    public var articleID: String
    /// The story's headline, slug and stage now; nil while the story's row is missing from `articles`.
    public var headline: String?
    /// The story's slug now.
    public var slug: String?
    /// The story's stage now.
    public var stage: Stage?
    /// Why it is in the inbox.
    public var reason: Notice.Reason
    /// Who appended the event.
    public var actor: String
    /// When.
    public var at: Date
    /// The note, comment or ruling, shortened.
    public var text: String?
    /// Whether it is after the person's read mark.
    public var unread: Bool

    init(row: Row) throws {
        position = try row.decode("position")
        articleID = try row.decode("article_id")
        headline = try row.decode("headline")
        slug = try row.decode("slug")
        let stage: String? = try row.decode("stage")
        self.stage = stage.flatMap(Stage.init(rawValue:))
        let reason: String = try row.decode("reason")
        guard let known = Notice.Reason(rawValue: reason) else {
            throw GalleyError.configuration("the inbox holds an unknown reason \(reason); upgrade galley")
        }
        self.reason = known
        actor = try row.decode("actor")
        at = try row.decode("at")
        text = try row.decode("text")
        unread = try row.decode("unread")
    }

    /// The item as JSON.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "position": .int(position), "article_id": .string(articleID), "reason": .string(reason.rawValue),
            "actor": .string(actor), "at": .string(Timestamp.rfc3339Seconds(at)), "unread": .bool(unread),
        ]
        object["headline"] = headline.map(JSONValue.string)
        object["slug"] = slug.map(JSONValue.string)
        object["stage"] = stage.map { .string($0.rawValue) }
        object["text"] = text.map(JSONValue.string)
        return .object(object)
    }
}

/// How far a person has read their inbox.
public struct InboxMark: Sendable, Hashable {
    /// Every item at or before this position of the log is read.
    public var readThrough: Int64
    /// How many items are unread, counted up to `InboxMark.countLimit`.
    public var unread: Int

    /// The most unread items counted: past it a count says "at least", and costs no more.
    public static let countLimit = 1_000

    /// A mark read through `readThrough`, with `unread` items after it.
    public init(readThrough: Int64, unread: Int) {
        self.readThrough = readThrough
        self.unread = unread
    }

    /// The mark as JSON: `read_through` and `unread`.
    public var jsonValue: JSONValue { .object(["read_through": .int(readThrough), "unread": .int(Int64(unread))]) }
}

extension ReadModels {
    /// A person's items: their own, and their roles' (a fact-checker's, every story that enters fact-check),
    /// none of their own doing. Each part is a scan of `inbox_recipient_idx` in position order; `$1` the person,
    /// `$2` their roles, `$3` where to start (items before it), `$4` how many, `$5` whether only unread ones.
    static let inboxItems = """
        WITH mark AS (SELECT coalesce((SELECT read_through FROM inbox_reads WHERE person = $1), 0) AS through),
        mine AS (
            (SELECT * FROM inbox WHERE recipient = $1 AND NOT to_role AND actor <> $1 AND position < $3
                AND (NOT $5 OR position > (SELECT through FROM mark))
             ORDER BY recipient, to_role, position DESC LIMIT $4)
            UNION ALL
            SELECT i.* FROM unnest($2::text[]) AS r(role) CROSS JOIN LATERAL (
                SELECT * FROM inbox WHERE recipient = r.role AND to_role AND actor <> $1 AND position < $3
                    AND (NOT $5 OR position > (SELECT through FROM mark))
                ORDER BY recipient, to_role, position DESC LIMIT $4) i
        )
        SELECT m.article_id, m.position, m.reason, m.actor, m.at, m.text, a.headline, a.slug, a.stage,
               m.position > (SELECT through FROM mark) AS unread
        FROM mine m LEFT JOIN articles a ON a.id = m.article_id
        ORDER BY m.position DESC LIMIT $4
        """

    /// A page of `user`'s inbox, newest first, after `cursor`; only the unread items when `unreadOnly`.
    ///
    /// An event gives a person one item at most (`Article.notices`), so an item's position is its key and the
    /// cursor.
    public func inbox(
        for user: User, unreadOnly: Bool = false, limit: Int = PageCursor.defaultLimit, after cursor: String? = nil
    ) async throws -> Page<InboxItem> {
        var start = Int64.max
        if let cursor {
            guard let position = Int64(try PageCursor.decode(cursor, parts: 1)[0]), position > 0 else {
                throw GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
            }
            start = position
        }
        let roles = user.roles.map(\.rawValue).sorted()
        let rows = try await pool.query(Self.inboxItems, [user.name, roles, start, limit + 1, unreadOnly])
        let items = try rows.prefix(limit).map(InboxItem.init(row:))
        let next = rows.count > limit ? items.last.map { PageCursor.encode([String($0.position)]) } : nil
        return Page(items: items, next: next)
    }

    /// How far `user` has read their inbox, and how many items are unread.
    ///
    /// Each part walks `inbox_recipient_idx` in order and stops at the count's limit: unordered, the planner read a
    /// role's whole index range (200,000 fact-check items: 58 ms, against 1.3 ms so).
    public func inboxMark(for user: User) async throws -> InboxMark {
        let roles = user.roles.map(\.rawValue).sorted()
        let row = try await pool.query(
            """
            WITH mark AS (SELECT coalesce((SELECT read_through FROM inbox_reads WHERE person = $1), 0) AS through)
            SELECT (SELECT through FROM mark) AS read_through, (SELECT count(*) FROM (
                (SELECT 1 FROM inbox WHERE recipient = $1 AND NOT to_role AND actor <> $1
                    AND position > (SELECT through FROM mark)
                 ORDER BY recipient, to_role, position DESC LIMIT $3)
                UNION ALL
                SELECT 1 FROM unnest($2::text[]) AS r(role) CROSS JOIN LATERAL (
                    SELECT 1 FROM inbox WHERE recipient = r.role AND to_role AND actor <> $1
                        AND position > (SELECT through FROM mark)
                    ORDER BY recipient, to_role, position DESC LIMIT $3) i
                LIMIT $3) counted) AS unread
            """, [user.name, roles, InboxMark.countLimit])[0]
        return InboxMark(
            readThrough: try row.decode("read_through"), unread: Int(try row.decode("unread", as: Int64.self)))
    }

    /// Marks `user`'s inbox read through `position`, or through its newest item when none is given. A mark never
    /// moves back (two tabs marking at once keep the further one), nor past the newest item the inbox holds, so
    /// that nothing is marked read before it arrives.
    public func markInboxRead(for user: User, through position: Int64? = nil) async throws -> InboxMark {
        if let position, position < 0 {
            throw GalleyError.invalidInput("through is a position of the log, 0 or more, not \(position)")
        }
        let newest = try await inbox(for: user, limit: 1).items.first?.position ?? 0
        let through = min(position ?? newest, newest)
        _ = try await pool.query(
            """
            INSERT INTO inbox_reads (person, read_through) VALUES ($1, $2)
            ON CONFLICT (person) DO UPDATE
            SET read_through = greatest(inbox_reads.read_through, excluded.read_through), updated_at = now()
            """, [user.name, through])
        return try await inboxMark(for: user)
    }
}
