import Coding
import Editorial
import EventStore
import Foundation
import Postgres

/// A read model: a named subscription to the log that keeps a table of the same name equal to a fold of the
/// stories.
///
/// Projections are state-based: for every story a batch of events touches, the story is folded from the log
/// (up to the batch's last position) and its rows are replaced. The same code fills the live tables event by
/// event and the tables a rebuild makes aside, so the two cannot drift apart.
public struct Projection: Sendable {
    /// The subscription's name, which is also its table's and what `galley projections rebuild NAME` takes.
    public let name: String
    /// The table's column holding the story's id.
    let key: String
    /// Every column of the table with its SQL type, in the table's order.
    let columns: [(name: String, type: String)]
    /// The rows of some stories, as JSON objects whose keys are the column names.
    let rows: @Sendable ([Story]) -> [JSONValue]

    /// The subscription's handler: refreshes the stories `events` touch, up to the batch's last event.
    func apply(_ events: [RecordedEvent], on session: Session, cache: FoldCache<Fold>? = nil) throws {
        guard let last = events.last?.position else { return }
        try refresh(events.map(\.streamID), through: last, on: session, cache: cache, delivered: events)
    }

    /// A story folded to some version, with the rows it gave this projection's table (see `texts(of:)`); nil
    /// when they were too large to keep.
    struct Fold: Sendable {
        var story: Story
        var rows: [[String?]]?
    }

    /// Rows larger than this are not kept in a cache: the stories' documents would double its memory, and those
    /// rows change with every event anyway (they carry the story's version).
    static let keptRowBytes = 4_096

    /// Folds the stories of `streams` up to global position `position` and replaces their rows (in the
    /// `suffix`ed tables a rebuild makes aside, when given).
    ///
    /// With a cache, a story is folded on from where its cached fold stands instead of from its first event;
    /// when the `delivered` batch (every event of the log after the checkpoint, through `position`) starts
    /// where that fold ends, the batch's own events complete the story and the log is not read again. The table
    /// then holds that fold's rows (the checkpoint is where the fold ended), so a story whose rows did not
    /// change, as a comment leaves the board's, is not written again.
    func refresh(
        _ streams: [String], through position: Int64, suffix: String = "", on session: Session,
        cache: FoldCache<Fold>? = nil, delivered: [RecordedEvent] = []
    ) throws {
        let streams = Set(streams).filter { ArticleHandler.articleID(ofStream: $0) != nil }.sorted()
        guard !streams.isEmpty else { return }
        var cached = cache?.values(for: streams) ?? [:]
        let batch = Dictionary(grouping: delivered, by: \.streamID)
        var pending: [[RecordedEvent]] = []
        var unread: [String] = []
        var written: [String: [[String?]]] = [:]  // what the table holds for stories the batch carries on from
        for stream in streams {
            let version = cached[stream]?.story.article.version ?? 0
            if let events = batch[stream], events[0].version <= version {
                // The fold is ahead of the batch: an earlier try of this batch rolled back after folding.
                cached[stream] = nil
                unread.append(stream)
            } else if let events = batch[stream], events[0].version == version + 1 {
                pending.append(events)
                // Without a cached fold this is the story's first event, and it has no rows yet. A cached fold
                // without rows had rows too large to keep: what the table holds is not known, and is replaced.
                if let fold = cached[stream] { written[stream] = fold.rows } else { written[stream] = [] }
            } else {
                unread.append(stream)
            }
        }
        if !unread.isEmpty {
            pending += try EventStore.readStreams(
                unread, after: unread.map { cached[$0]?.story.article.version ?? 0 }, through: position, on: session)
        }
        let folds = try pending.map { events in
            let stream = events[0].streamID
            var story = cached[stream]?.story ?? Story(id: ArticleHandler.articleID(ofStream: stream) ?? stream)
            for event in events { try story.apply(event, keepingEvent: false) }
            return (stream: stream, story: story, rows: texts(of: story))
        }
        try replace(
            folds.filter { written[$0.stream] != $0.rows }.map { ($0.story.id, $0.rows) }, suffix: suffix,
            on: session)
        // A fold at a version is a fact of the immutable log, so it stays true even if this batch rolls back; the
        // batch's next try then finds the fold ahead of it and folds those stories from their first event.
        cache?.keep(
            folds.map { fold in
                let size = fold.rows.joined().reduce(0) { $0 + ($1?.utf8.count ?? 0) }
                return (fold.stream, Fold(story: fold.story, rows: size <= Self.keptRowBytes ? fold.rows : nil))
            })
    }
}

/// The projection's table: how rows are replaced live, and how a rebuild fills a new table.
extension Projection {
    /// Replaces the rows of some stories in the table (or in its `suffix`ed copy a rebuild makes aside).
    ///
    /// The rows go as one text array a column, each cast to its column's type in SQL: only the document columns
    /// are parsed as JSON, where one JSON array of whole rows would be parsed whole first.
    func replace(_ stories: [(id: String, rows: [[String?]])], suffix: String, on session: Session) throws {
        guard !stories.isEmpty else { return }
        try session.execute("DELETE FROM \(name + suffix) WHERE \(key) = ANY($1)", [stories.map(\.id)])
        let rows = stories.flatMap(\.rows)
        guard !rows.isEmpty else { return }
        let names = columns.map(\.name).joined(separator: ", ")
        let arrays = (1...columns.count).map { "$\($0)::text[]" }.joined(separator: ", ")
        let casts = columns.map { "r.\($0.name)::\($0.type)" }.joined(separator: ", ")
        try session.execute(
            "INSERT INTO \(name + suffix) (\(names)) SELECT \(casts) FROM unnest(\(arrays)) AS r(\(names))",
            columns.indices.map { column in PostgresNullableArray(rows.map { $0[column] }) })
    }

    /// The rows of `stories` in `COPY`'s text format, for a table that is being filled from empty.
    func copyRows(_ stories: [Story]) -> CopyRows {
        var copy = CopyRows()
        for story in stories {
            for row in texts(of: story) {
                for field in row { copy.field(field) }
                copy.endRow()
            }
        }
        return copy
    }

    /// The story's rows as the table's text input takes them: one string a column, in the table's order, nil for
    /// NULL.
    func texts(of story: Story) -> [[String?]] {
        rows([story]).map { row in columns.map { Self.text(of: row[$0.name]) } }
    }

    /// A row's field as PostgreSQL's text input takes it for the column's type; nil is NULL.
    private static func text(of field: JSONValue?) -> String? {
        switch field {
        case nil, .null: nil
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "t" : "f"
        case .some(let document): document.canonicalText
        }
    }

    /// Stores rows made by `copyRows` in the table's `suffix`ed copy: the fastest way into a new table.
    func copy(_ rows: CopyRows, suffix: String, on session: Session) throws {
        let names = columns.map(\.name).joined(separator: ", ")
        try session.copyIn("COPY \(name + suffix) (\(names)) FROM STDIN", rows.bytes)
    }
}

extension Projection {
    /// `articles`: every story's current state.
    public static let articles = Projection(
        name: "articles", key: "id",
        columns: [
            ("id", "text"), ("stage", "text"), ("revision", "integer"), ("version", "bigint"),
            ("headline", "text"), ("slug", "text"), ("desk", "text"), ("author", "text"),
            ("assignee", "text"), ("created_at", "timestamptz"), ("updated_at", "timestamptz"),
            ("stage_since", "timestamptz"), ("public_at", "timestamptz"), ("document", "json"), ("language", "text"),
            ("kicker", "text"), ("bylines", "text"), ("body", "text"), ("claims_text", "text"),
            ("word_count", "integer"),
        ],
        rows: { $0.compactMap(ProjectionRows.article) })

    /// `board`: stories by stage, with when they entered it.
    public static let board = Projection(
        name: "board", key: "article_id",
        columns: [
            ("article_id", "text"), ("stage", "text"), ("headline", "text"), ("desk", "text"),
            ("assignee", "text"), ("stage_since", "timestamptz"), ("public_at", "timestamptz"), ("author", "text"),
        ],
        rows: { $0.compactMap(ProjectionRows.board) })

    /// `claims`: each story's checklist with its verdicts.
    public static let claims = Projection(
        name: "claims", key: "article_id",
        columns: [
            ("article_id", "text"), ("claim_id", "text"), ("ordinal", "integer"), ("text", "text"),
            ("speaker", "text"), ("source", "text"), ("rating", "text"), ("note", "text"),
            ("evidence", "jsonb"), ("ruled_by", "text"), ("ruled_at", "timestamptz"), ("standing", "text"),
            ("verdict_revision", "integer"),
        ],
        rows: { $0.flatMap(ProjectionRows.claims) })

    /// `published`: stories that were published, with their public time; the feed reads it.
    public static let published = Projection(
        name: "published", key: "article_id",
        columns: [
            ("article_id", "text"), ("slug", "text"), ("headline", "text"), ("public_at", "timestamptz"),
            ("revision", "integer"), ("retracted", "boolean"), ("corrections", "integer"),
            ("updated_at", "timestamptz"), ("document", "json"), ("stage", "text"), ("desk", "text"),
            ("language", "text"), ("changed_at", "timestamptz"),
        ],
        rows: { $0.compactMap(ProjectionRows.published) })

    /// `inbox`: what the stories' events ask of people (`Notice`), one row an event and recipient; the read marks
    /// live apart, in `inbox_reads`, which no rebuild touches.
    public static let inbox = Projection(
        name: "inbox", key: "article_id",
        columns: [
            ("article_id", "text"), ("position", "bigint"), ("recipient", "text"), ("to_role", "boolean"),
            ("reason", "text"), ("actor", "text"), ("at", "timestamptz"), ("text", "text"),
        ],
        rows: { $0.flatMap(ProjectionRows.inbox) })

    /// Every projection, in the order `projections status` lists them.
    public static let all: [Projection] = [.articles, .board, .claims, .published, .inbox]
}
