public import Foundation
public import Postgres

/// One read of the content API: which subscriber read which story at which version, when.
public struct ContentRead: Sendable, Hashable {
    /// The read's place in the table, what pages are cut by.
    public var id: Int64
    /// Who read it.
    public var subscriber: String
    /// The story's id.
    public var articleID: String
    /// The version (revision) served.
    public var version: Int
    /// When.
    public var readAt: Date
}

/// Every item the content API serves, recorded (migrations/0026): in a table, not in the log, for there is one
/// row an item served.
public struct ContentReads: Sendable {
    /// Where reads are recorded.
    public let pool: ConnectionPool

    /// Creates the record over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// Records that `subscriber` was served `items` (story id and version), in one statement.
    public func record(_ subscriber: String, items: [(id: String, version: Int)]) async throws {
        guard !items.isEmpty else { return }
        try await pool.query(
            """
            INSERT INTO content_reads (subscriber_name, article_id, version)
            SELECT $1, r.article_id, r.version FROM unnest($2::text[], $3::integer[]) AS r(article_id, version)
            """, [subscriber, items.map(\.id), items.map { Int32(clamping: $0.version) }])
    }

    /// A page of a subscriber's reads, newest first, after `cursor`; refused for an unknown subscriber.
    public func list(_ subscriber: String, limit: Int = PageCursor.maxLimit, after cursor: String? = nil)
        async throws -> Page<ContentRead>
    {
        _ = try await SubscriberDirectory(pool: pool).existing(subscriber)
        let (time, id) = try cursor.map(PageCursor.decodeTime) ?? (nil, nil)
        let last = try id.map { text in
            guard let value = Int64(text) else {
                throw GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
            }
            return value
        }
        let reads = try await pool.query(
            """
            SELECT id, subscriber_name, article_id, version, read_at FROM content_reads
            WHERE subscriber_name = $1 AND ($2::timestamptz IS NULL OR (read_at, id) < ($2, $3))
            ORDER BY read_at DESC, id DESC LIMIT $4
            """, [subscriber, time, last, limit + 1]
        ).map { row in
            ContentRead(
                id: try row.decode("id"), subscriber: try row.decode("subscriber_name"),
                articleID: try row.decode("article_id"), version: Int(try row.decode("version", as: Int32.self)),
                readAt: try row.decode("read_at"))
        }
        let items = Array(reads.prefix(limit))
        let next = reads.count > limit ? items.last.map { PageCursor.encode($0.readAt, String($0.id)) } : nil
        return Page(items: items, next: next)
    }
}
