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
    /// reader must see that a story was withdrawn), each with its public notes and its public state.
    /// `desk` narrows it to one desk's stories; `takenDown` adds the stories taken down after they were public,
    /// which feeds carry as tombstones (and an index leaves out).
    public func publicRecord(
        limit: Int = 20, after cursor: String? = nil, desk: String? = nil, takenDown: Bool = false, now: Date = Date()
    ) async throws -> Page<PublicStory> {
        try await publicRecordPage(
            Self.publicColumns + ", document", limit: limit, after: cursor, desk: desk, takenDown: takenDown, now: now
        ) {
            PublicStory(view: try Self.view($0), state: try PublicState($0))
        }
    }

    /// The public states of the page `publicRecord` gives for the same arguments, without the stories' documents:
    /// all a conditional GET needs to answer 304.
    public func publicRecordStates(
        limit: Int = 20, after cursor: String? = nil, desk: String? = nil, takenDown: Bool = false, now: Date = Date()
    ) async throws -> Page<PublicState> {
        try await publicRecordPage(
            Self.publicColumns, limit: limit, after: cursor, desk: desk, takenDown: takenDown, now: now
        ) {
            try PublicState($0)
        }
    }

    private func publicRecordPage<Item>(
        _ columns: String, limit: Int, after cursor: String?, desk: String?, takenDown: Bool, now: Date,
        item: (Row) throws -> Item
    ) async throws -> Page<Item> {
        var parameters: [(any PostgresEncodable)?] = [now, limit + 1, desk]
        if let cursor {
            let (time, id) = try PageCursor.decodeTime(cursor)
            parameters += [time, id]
        }
        let rows = try await pool.query(
            Self.publicRecordSQL(columns, keyset: cursor != nil, takenDown: takenDown), parameters)
        let items = try rows.prefix(limit).map(item)
        let last = rows.count > limit ? rows[limit - 1] : nil
        let next = try last.map { PageCursor.encode(try $0.decode("public_at"), try $0.decode("article_id")) }
        return Page(items: items, next: next)
    }

    /// The story readers have seen by `now` whose slug is `slug` (on the public record, or taken down: its page
    /// answers 410), with its public state; nil for a story readers never saw (unknown, embargoed, spiked, never
    /// published).
    public func publicStory(slug: String, now: Date = Date()) async throws -> PublicStory? {
        try await publicStoryRow(Self.publicColumns + ", document", slug: slug, now: now).map {
            PublicStory(view: try Self.view($0), state: try PublicState($0))
        }
    }

    /// The public state `publicStory` gives for the same slug, without the story's document: all a conditional GET
    /// needs to answer 304.
    public func publicStoryState(slug: String, now: Date = Date()) async throws -> PublicState? {
        try await publicStoryRow(Self.publicColumns, slug: slug, now: now).map(PublicState.init)
    }

    private func publicStoryRow(_ columns: String, slug: String, now: Date) async throws -> Row? {
        guard ArticleContent.isValidSlug(slug), slug.count <= 200 else { return nil }
        return try await pool.query(Self.publicStorySQL(columns), [slug, now]).first
    }

    /// What `PublicState` is read from: a conditional GET reads these columns and nothing else.
    public static let publicColumns = "article_id, revision, corrections, stage, public_at, changed_at"

    /// The statement that finds `columns` of the story readers have seen by moment $2 whose slug is $1.
    public static func publicStorySQL(_ columns: String) -> String {
        """
        SELECT \(columns) FROM published
        WHERE slug = $1 AND story_has_been_public(stage, public_at, $2)
        ORDER BY public_at DESC LIMIT 1
        """
    }

    /// The statement of a page of the public record at moment $1: `columns` of at most $2 stories, of desk $3 (null:
    /// every desk's), after the keyset $4, $5 when `keyset`; with the stories taken down after they were public when
    /// `takenDown`.
    public static func publicRecordSQL(_ columns: String, keyset: Bool, takenDown: Bool = false) -> String {
        // One of the two rule functions (migrations/0020, 0028) by name: a constant, never client input.
        """
        SELECT \(columns) FROM published
        WHERE \(takenDown ? "story_has_been_public" : "story_is_on_public_record")(stage, public_at, $1) AND ($3::text IS NULL OR desk = $3)\(
            keyset ? " AND (public_at, article_id) < ($4, $5)" : "")
        ORDER BY public_at DESC, article_id DESC LIMIT $2
        """
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
    /// Its public state.
    public var state: PublicState
}

/// What readers see of a story, in brief: any public change (a revision, a correction, a retraction, its public time)
/// changes `text`, and `changedAt` is when it last did. A public page's tag and time are made of these.
public struct PublicState: Sendable, Hashable {
    /// The story's id, revision, count of corrections, stage and public time.
    public var text: String
    /// The story's stage.
    public var stage: String
    /// When what readers see of the story last changed.
    public var changedAt: Date

    init(_ row: Row) throws {
        let revision = Int(try row.decode("revision", as: Int32.self))
        let corrections = Int(try row.decode("corrections", as: Int32.self))
        stage = try row.decode("stage")
        let publicAt: Date = try row.decode("public_at")
        changedAt = try row.decode("changed_at")
        text =
            "\(try row.decode("article_id", as: String.self)) r\(revision) c\(corrections) \(stage) "
            + Timestamp.rfc3339Microseconds(publicAt)
    }
}
