import Editorial
import EventStore
public import Foundation
public import Postgres

/// What the content API reads: the stories a subscriber's product receives, from the published table, and a
/// story's earlier public versions, from the log.
public struct PartnerContent: Sendable {
    /// Where the published table and the log are.
    public let pool: ConnectionPool

    /// Creates the reads over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// A page of the stories `product` receives at `now`, newest change first (a change: an event of the story,
    /// or its embargo ending), changed after `since` when given, after `cursor`.
    public func items(
        for product: SubscriberProduct, since: Date? = nil, limit: Int = PageCursor.defaultLimit,
        after cursor: String? = nil, now: Date = Date()
    ) async throws -> Page<StoryView> {
        let rule = product.sqlCondition(first: 1, at: now)
        var parameters = rule.parameters + [since, limit + 1]
        var keyset = ""
        if let cursor {
            let (time, id) = try PageCursor.decodeTime(cursor)
            parameters += [time, id]
            keyset = " AND (changed_at, article_id) < ($6, $7)"
        }
        let rows = try await pool.query(
            """
            SELECT document, changed_at, article_id FROM published
            WHERE \(rule.sql) AND ($4::timestamptz IS NULL OR changed_at > $4)\(keyset)
            ORDER BY changed_at DESC, article_id DESC LIMIT $5
            """, parameters)
        let stories = try rows.prefix(limit).map(ReadModels.view)
        let last = rows.count > limit ? rows[limit - 1] : nil
        let next = try last.map { PageCursor.encode(try $0.decode("changed_at"), try $0.decode("article_id")) }
        return Page(items: stories, next: next)
    }

    /// The story `id` as `product` receives it at `now`, or its earlier public `version` (a revision it had while
    /// published). A story the product does not receive is not found, as an unknown one is.
    public func item(_ id: String, version: Int? = nil, for product: SubscriberProduct, now: Date = Date())
        async throws -> StoryView
    {
        let notFound = GalleyError.notFound("there is no item \(id)")
        guard (try? ArticleID.validate(id)) != nil else { throw notFound }
        let rows = try await pool.query("SELECT document FROM published WHERE article_id = $1", [id])
        guard let row = rows.first else { throw notFound }
        let current = try ReadModels.view(row)
        guard product.receives(current, at: now) else { throw notFound }
        guard let version, version != current.revision else { return current }
        let events = try await EventStore(pool: pool).readStream(ArticleHandler.stream(of: id))
        let versions = try Self.publicVersions(id, events: events)
        guard let earlier = versions[version] else {
            throw GalleyError.notFound(
                "item \(id) has no public version \(version); its public versions are "
                    + versions.keys.sorted().map(String.init).joined(separator: ", "))
        }
        return earlier
    }

    /// Each revision the story had while published, as it last stood then.
    static func publicVersions(_ id: String, events: [RecordedEvent]) throws -> [Int: StoryView] {
        var replay = Story(id: id)
        var versions: [Int: StoryView] = [:]
        for recorded in events {
            try replay.apply(recorded, keepingEvent: false)
            if replay.article.stage == .published {
                versions[replay.article.revision] = StoryView(replay)
            }
        }
        return versions
    }
}
