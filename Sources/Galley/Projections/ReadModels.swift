import Coding
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
    /// `desk` narrows it to one desk's stories; `takenDown` adds the stories taken down after they were public,
    /// which feeds carry as tombstones (and an index leaves out).
    public func publicRecord(
        limit: Int = 20, after cursor: String? = nil, desk: String? = nil, takenDown: Bool = false, now: Date = Date()
    ) async throws -> Page<StoryView> {
        var parameters: [(any PostgresEncodable)?] = [now, limit + 1, desk]
        var keyset = ""
        if let cursor {
            let (time, id) = try PageCursor.decodeTime(cursor)
            parameters += [time, id]
            keyset = " AND (public_at, article_id) < ($4, $5)"
        }
        // One of the two rule functions (migrations/0020, 0028) by name: a constant, never client input.
        let rule = takenDown ? "story_has_been_public" : "story_is_on_public_record"
        let rows = try await pool.query(
            """
            SELECT document, public_at, article_id FROM published
            WHERE \(rule)(stage, public_at, $1) AND ($3::text IS NULL OR desk = $3)\(keyset)
            ORDER BY public_at DESC, article_id DESC LIMIT $2
            """, parameters)
        let stories = try rows.prefix(limit).map(Self.view)
        let last = rows.count > limit ? rows[limit - 1] : nil
        let next = try last.map { PageCursor.encode(try $0.decode("public_at"), try $0.decode("article_id")) }
        return Page(items: stories, next: next)
    }

    /// The story readers have seen by `now` whose slug is `slug` (on the public record, or taken down: its page
    /// answers 410), with what identifies its public state (its revision, corrections and stage: what a page's
    /// ETag is made of) and when it last changed; nil for a story readers never saw (unknown, embargoed, spiked,
    /// never published).
    public func publicStory(slug: String, now: Date = Date()) async throws -> PublicStory? {
        guard ArticleContent.isValidSlug(slug), slug.count <= 200 else { return nil }
        let rows = try await pool.query(
            """
            SELECT document, article_id, revision, corrections, stage, public_at FROM published
            WHERE slug = $1 AND story_has_been_public(stage, public_at, $2)
            ORDER BY public_at DESC LIMIT 1
            """, [slug, now])
        guard let row = rows.first else { return nil }
        let revision = Int(try row.decode("revision", as: Int32.self))
        let corrections = Int(try row.decode("corrections", as: Int32.self))
        let stage: String = try row.decode("stage")
        let publicAt: Date = try row.decode("public_at")
        let state =
            "\(try row.decode("article_id", as: String.self)) r\(revision) c\(corrections) \(stage) "
            + Timestamp.rfc3339Microseconds(publicAt)
        return PublicStory(view: try Self.view(row), state: state)
    }

    /// Every story that was published, retracted and taken-down ones included, by public time: what exports carry
    /// (a taken-down one as a cancellation, without its text).
    public func published() async throws -> [StoryView] {
        try await pool.query("SELECT document FROM published ORDER BY public_at, article_id").map(Self.view)
    }

    static func view(_ row: Row) throws -> StoryView {
        try EditorialCoding.decoder.decode(StoryView.self, from: Data(try row.decode("document", as: String.self).utf8))
    }
}

/// A story as the public record has it: its document, and what changes whenever what readers see changes.
public struct PublicStory: Sendable {
    /// The story.
    public var view: StoryView
    /// Its id, revision, count of corrections, stage and public time: any public change changes it.
    public var state: String
}
