import Editorial
public import Foundation
public import Postgres

/// The queries that read the projections' tables: what `show`, `list`, `board` and the checklist print.
public struct ReadModels: Sendable {
    /// Where the tables are.
    public let pool: ConnectionPool
    /// Where searches run: a pool of their own in a server, so that they cannot take the connections commands
    /// and the board need, with a time limit on each statement.
    public let searchPool: ConnectionPool

    /// Creates the queries over a pool, and searches over `searchPool` when given.
    public init(pool: ConnectionPool, searchPool: ConnectionPool? = nil) {
        self.pool = pool
        self.searchPool = searchPool ?? pool
    }

    /// A story's current state.
    public func story(_ id: String) async throws -> StoryView {
        try ArticleID.validate(id)
        let rows = try await pool.query("SELECT document FROM articles WHERE id = $1", [id])
        guard let row = rows.first else { throw GalleyError.notFound("there is no story \(id)") }
        return try Self.view(row)
    }

    /// The public feed at `moment`: published stories past their embargo and not retracted, newest first.
    public func feed(at moment: Date = Date()) async throws -> [StoryView] {
        try await pool.query(
            """
            SELECT document FROM published WHERE story_is_public(stage, public_at, $1)
            ORDER BY public_at DESC, article_id
            """,
            [moment]
        ).map(Self.view)
    }

    /// A page of the public record, newest first: every story past its public time, retracted ones included (a
    /// reader must see that a story was withdrawn), each with its public notes.
    public func publicRecord(limit: Int = 20, after cursor: String? = nil, now: Date = Date()) async throws
        -> Page<StoryView>
    {
        var parameters: [(any PostgresEncodable)?] = [now, limit + 1]
        var keyset = ""
        if let cursor {
            let (time, id) = try PageCursor.decodeTime(cursor)
            parameters += [time, id]
            keyset = " AND (public_at, article_id) < ($3, $4)"
        }
        let rows = try await pool.query(
            """
            SELECT document, public_at, article_id FROM published
            WHERE story_is_on_public_record(stage, public_at, $1)\(keyset)
            ORDER BY public_at DESC, article_id DESC LIMIT $2
            """, parameters)
        let stories = try rows.prefix(limit).map(Self.view)
        let last = rows.count > limit ? rows[limit - 1] : nil
        let next = try last.map { PageCursor.encode(try $0.decode("public_at"), try $0.decode("article_id")) }
        return Page(items: stories, next: next)
    }

    /// Every story that was published, retracted ones included, by public time: what exports carry.
    public func published() async throws -> [StoryView] {
        try await pool.query("SELECT document FROM published ORDER BY public_at, article_id").map(Self.view)
    }

    static func view(_ row: Row) throws -> StoryView {
        try EditorialCoding.decoder.decode(StoryView.self, from: Data(try row.decode("document", as: String.self).utf8))
    }
}
