public import Coding
public import Editorial
public import Foundation
import Postgres

/// One story in a list: what a row on a screen shows, not the whole document (`GET /v1/articles/{id}` has it).
public struct StorySummary: Sendable, Hashable {
    /// The story's id.
    public var id: String
    /// Its slug.
    public var slug: String
    /// Its headline.
    public var headline: String
    /// Where it stands.
    public var stage: Stage
    /// Its desk.
    public var desk: String
    /// Who works on it.
    public var assignee: String?
    /// Who drafted it.
    public var author: String?
    /// Its stream version.
    public var version: Int64
    /// Its revision.
    public var revision: Int
    /// When it was filed.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// When it entered its stage.
    public var stageSince: Date
    /// When it became or becomes public.
    public var publicAt: Date?
    /// How many words its body has (see `TextLength`).
    public var wordCount: Int
    /// Board only: the open note it was sent back or rejected with, its lines joined.
    public var openNote: String?

    /// The columns a summary is read from.
    static let columns =
        "id, slug, headline, stage, desk, assignee, author, version, revision, created_at, updated_at, stage_since, "
        + "public_at, word_count"

    init(row: Row) throws {
        let stage: String = try row.decode("stage")
        guard let known = Stage(rawValue: stage) else {
            throw GalleyError.configuration("the read models hold an unknown stage \(stage); upgrade galley")
        }
        id = try row.decode("id")
        slug = try row.decode("slug")
        headline = try row.decode("headline")
        self.stage = known
        desk = try row.decode("desk")
        assignee = try row.decode("assignee")
        author = try row.decode("author")
        version = try row.decode("version")
        revision = Int(try row.decode("revision", as: Int32.self))
        createdAt = try row.decode("created_at")
        updatedAt = try row.decode("updated_at")
        stageSince = try row.decode("stage_since")
        publicAt = try row.decode("public_at")
        wordCount = Int(try row.decode("word_count", as: Int32.self))
    }

    /// The summary as JSON, with the story's keys.
    public var jsonValue: JSONValue {
        let time = { (date: Date) in JSONValue.string(Timestamp.rfc3339Seconds(date)) }
        var object: [String: JSONValue] = [
            "id": .string(id), "slug": .string(slug), "headline": .string(headline), "stage": .string(stage.rawValue),
            "desk": .string(desk), "version": .int(version), "revision": .int(Int64(revision)),
            "created_at": time(createdAt), "updated_at": time(updatedAt), "stage_since": time(stageSince),
            "word_count": .int(Int64(wordCount)),
        ]
        object["assignee"] = assignee.map(JSONValue.string)
        object["author"] = author.map(JSONValue.string)
        object["public_at"] = publicAt.map(time)
        object["open_note"] = openNote.map(JSONValue.string)
        return .object(object)
    }
}

/// Which stories a list or a search holds; every filter is backed by an index (migrations/0015).
public struct StoryFilter: Sendable, Hashable {
    /// Only stories in this stage.
    public var stage: Stage?
    /// Only this desk's.
    public var desk: String?
    /// Only those assigned to this user.
    public var assignee: String?
    /// Only those this user drafted.
    public var author: String?
    /// Only this user's: those they drafted or are assigned to.
    public var mine: String?
    /// True: only stories published but not yet public; false: none of them.
    public var embargoed: Bool?
    /// Only those changed at or after this time.
    public var updatedAfter: Date?
    /// Only those changed before this time.
    public var updatedBefore: Date?
    /// Only those public at or after this time.
    public var publishedAfter: Date?
    /// Only those public before this time.
    public var publishedBefore: Date?

    /// No filter: every story.
    public init() {}

    /// The SQL conditions, numbering parameters from `first`, and their values.
    func conditions(from first: Int, now: Date) -> (sql: [String], parameters: [(any PostgresEncodable)?]) {
        var sql: [String] = []
        var parameters: [(any PostgresEncodable)?] = []
        func add(_ condition: (String) -> String, _ value: any PostgresEncodable) {
            parameters.append(value)
            sql.append(condition("$\(first + parameters.count - 1)"))
        }
        if let stage { add({ "stage = \($0)" }, stage.rawValue) }
        if let desk { add({ "desk = \($0)" }, desk) }
        if let assignee { add({ "assignee = \($0)" }, assignee) }
        if let author { add({ "author = \($0)" }, author) }
        if let mine { add({ "(author = \($0) OR assignee = \($0))" }, mine) }
        if let embargoed {
            add(
                {
                    embargoed
                        ? "story_is_embargoed(stage, public_at, \($0))"
                        : "NOT story_is_embargoed(stage, public_at, \($0))"
                }, now)
        }
        if let updatedAfter { add({ "updated_at >= \($0)" }, updatedAfter) }
        if let updatedBefore { add({ "updated_at < \($0)" }, updatedBefore) }
        if let publishedAfter { add({ "public_at >= \($0)" }, publishedAfter) }
        if let publishedBefore { add({ "public_at < \($0)" }, publishedBefore) }
        return (sql, parameters)
    }
}

/// A column of the board: which it is, how many stories it has, and a page of them.
public struct BoardColumn: Sendable {
    /// Which column.
    public var kind: BoardColumnKind
    /// Its name in JSON and addresses: the stage, or `embargoed`.
    public var name: String { kind.rawValue }
    /// How many stories it holds.
    public var count: Int
    /// A page of them, oldest in the column first.
    public var page: Page<StorySummary>

    /// The column as JSON: `name`, `count`, `items` and the `next` cursor.
    public var jsonValue: JSONValue {
        .object([
            "name": .string(name), "count": .int(Int64(count)), "items": .array(page.items.map(\.jsonValue)),
            "next": page.next.map(JSONValue.string) ?? .null,
        ])
    }
}

extension ReadModels {
    /// The desks stories are filed under, in order, at most `limit`: what a desk picker offers.
    public func desks(limit: Int = PageCursor.maxLimit) async throws -> [String] {
        // A skip scan of articles_desk_idx: one probe a desk, not a read of every story.
        try await pool.query(
            """
            WITH RECURSIVE d(desk) AS (
                (SELECT desk FROM articles ORDER BY desk LIMIT 1)
                UNION ALL
                SELECT (SELECT desk FROM articles WHERE desk > d.desk ORDER BY desk LIMIT 1) FROM d
                WHERE d.desk IS NOT NULL
            )
            SELECT desk FROM d WHERE desk IS NOT NULL LIMIT $1
            """, [limit]
        ).map { try $0.decode("desk") }
    }

    /// A page of stories, newest change first, after `cursor`.
    public func stories(
        _ filter: StoryFilter = StoryFilter(), limit: Int = PageCursor.defaultLimit, after cursor: String? = nil,
        now: Date = Date()
    ) async throws -> Page<StorySummary> {
        var (conditions, parameters) = filter.conditions(from: 1, now: now)
        if let cursor {
            let (time, id) = try PageCursor.decodeTime(cursor)
            parameters += [time, id]
            conditions.append("(updated_at, id) < ($\(parameters.count - 1), $\(parameters.count))")
        }
        parameters.append(limit + 1)
        let rows = try await pool.query(
            """
            SELECT \(StorySummary.columns) FROM articles
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY updated_at DESC, id DESC LIMIT $\(parameters.count)
            """, parameters)
        let items = try rows.prefix(limit).map(StorySummary.init(row:))
        let next = rows.count > limit ? items.last.map { PageCursor.encode($0.updatedAt, $0.id) } : nil
        return Page(items: items, next: next)
    }

    /// How many of the most recent matches a search ranks.
    public static let searchWindow = 500

    /// How many characters of a hit's body its snippet is taken from: `ts_headline` parses the whole text it is
    /// given, and over a long story with several phrases that took gigabytes.
    static let snippetSource = 4_000

    /// The most words a search query may hold: the snippet is made for each term.
    public static let maxSearchWords = 16
    /// The most quoted phrases a search query may hold: each is matched position by position in every candidate.
    public static let maxSearchPhrases = 4

    /// Why a search query is too large to run, or nil.
    static func searchQueryProblem(_ query: String) -> String? {
        let words = query.split { $0.isWhitespace || $0 == "\"" }.filter { $0 != "-" && $0.lowercased() != "or" }
        if words.count > maxSearchWords {
            return "a search holds at most \(maxSearchWords) words, not \(words.count): leave some out"
        }
        let phrases = query.filter { $0 == "\"" }.count / 2
        if phrases > maxSearchPhrases {
            return "a search holds at most \(maxSearchPhrases) quoted phrases, not \(phrases)"
        }
        return nil
    }

    /// `ts_headline`'s options: two short fragments, matches between `SearchHit`'s marks.
    static let snippetOptions =
        "MaxFragments=2, MinWords=6, MaxWords=18, StartSel=\"\(SearchHit.startMark)\", StopSel=\"\(SearchHit.stopMark)\", "
        + "FragmentDelimiter=\" … \""

    /// Full-text search over headline, kicker, body, bylines and claims (`websearch_to_tsquery` syntax: words,
    /// "a phrase", or, -not), best match first, with highlighted snippets. The query is read with the
    /// text-search configuration of `language` (its stems; `simple`, exact words, where PostgreSQL has none),
    /// as each story's words are read with its own language's. The best of the `searchWindow` most recent
    /// matches come first; narrow the query, or filter by time, to reach further back.
    public func search(
        _ query: String, language: String = "en", filter: StoryFilter = StoryFilter(),
        limit: Int = PageCursor.defaultLimit, after cursor: String? = nil, now: Date = Date()
    ) async throws -> Page<SearchHit> {
        let words = TextRule.trimmed(query)
        guard !words.isEmpty else { throw GalleyError.invalidInput("say what to search for") }
        if let problem = TextRule.problem(words, field: "the query", maxLength: 500) {
            throw GalleyError.invalidInput(problem)
        }
        if let problem = Self.searchQueryProblem(words) { throw GalleyError.invalidInput(problem) }
        var parameters: [(any PostgresEncodable)?] = [words, language]
        var (conditions, filters) = filter.conditions(from: 3, now: now)
        parameters += filters
        // The query spelled out, not taken from the CTE: the planner then folds it to a constant and estimates how
        // many stories match, walking the recency index for a common word and the GIN index for a rare one.
        conditions.insert("search @@ websearch_to_tsquery(galley_text_config($2), $1)", at: 0)
        var keyset: String?
        if let cursor {
            let parts = try PageCursor.decode(cursor, parts: 2)
            // A rank is what ts_rank_cd gave: a finite number, 0 or more.
            guard let rank = Double(parts[0]), rank.isFinite, rank >= 0 else {
                throw GalleyError.invalidInput("the cursor is not one this list gave; start again without it")
            }
            parameters += [rank, parts[1]]
            keyset = "(rank, id) < ($\(parameters.count - 1)::float8, $\(parameters.count))"
        }
        parameters.append(limit + 1)
        // Ranking reads every candidate's vector, so only the most recent matches are ranked: a word in half the
        // archive then costs the window, not the archive (the plan walks the recency index and stops).
        parameters.append(Self.searchWindow)
        let rows = try await searchPool.query(
            """
            WITH q AS (
                SELECT websearch_to_tsquery(galley_text_config($2), $1) AS query
            ), candidates AS (
                SELECT \(StorySummary.columns), language, body, search FROM articles
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY updated_at DESC, id DESC LIMIT $\(parameters.count)
            ), ranked AS (
                SELECT candidates.*, ts_rank_cd(search, q.query)::float4::float8 AS rank FROM candidates, q
            ), hits AS (
                SELECT * FROM ranked \(keyset.map { "WHERE " + $0 } ?? "")
                ORDER BY rank DESC, id DESC LIMIT $\(parameters.count - 1)
            )
            SELECT hits.*, ts_headline(galley_text_config(hits.language), left(hits.body, \(Self.snippetSource)),
                   q.query, $\(parameters.count + 1)) AS snippet,
                   (SELECT count(*) FROM candidates) AS matches
            FROM hits, q ORDER BY hits.rank DESC, hits.id DESC
            """, parameters + [Self.snippetOptions])
        let hits = try rows.prefix(limit).map { row in
            SearchHit(
                summary: try StorySummary(row: row), rank: try row.decode("rank"),
                snippet: SearchHit.parts(try row.decode("snippet")))
        }
        let next = rows.count > limit ? hits.last.map { PageCursor.encode(["\($0.rank)", $0.summary.id]) } : nil
        // The candidates are counted as they are ranked: the count costs nothing more, and stops at the window.
        let matches = try rows.first.map { Int(try $0.decode("matches", as: Int64.self)) } ?? 0
        return Page(items: hits, next: next, total: matches)
    }

    /// The embargoed stories, the next to go public first, after `cursor`: the schedule.
    public func schedule(limit: Int = PageCursor.defaultLimit, after cursor: String? = nil, now: Date = Date())
        async throws -> Page<StorySummary>
    {
        var parameters: [(any PostgresEncodable)?] = [now]
        var keyset = ""
        if let cursor {
            let (time, id) = try PageCursor.decodeTime(cursor)
            parameters += [time, id]
            keyset = " AND (public_at, id) > ($2, $3)"
        }
        parameters.append(limit + 1)
        let rows = try await pool.query(
            """
            SELECT \(StorySummary.columns) FROM articles
            WHERE story_is_embargoed(stage, public_at, $1)\(keyset)
            ORDER BY public_at, id LIMIT $\(parameters.count)
            """, parameters)
        let items = try rows.prefix(limit).map(StorySummary.init(row:))
        let next =
            rows.count > limit
            ? items.last.flatMap { item in item.publicAt.map { PageCursor.encode($0, item.id) } } : nil
        return Page(items: items, next: next)
    }

    /// Stories whose slug or headline starts with `prefix`, for quick look-up: slug order.
    public func lookUp(_ prefix: String, limit: Int = 10) async throws -> [StorySummary] {
        let start = TextRule.trimmed(prefix)
        guard !start.isEmpty else { throw GalleyError.invalidInput("give the start of a slug or headline") }
        // LIKE's own characters in the prefix are taken literally.
        let escaped = start.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return try await pool.query(
            """
            SELECT \(StorySummary.columns) FROM articles
            WHERE slug LIKE $1 || '%' OR lower(headline) LIKE $1 || '%' ORDER BY slug LIMIT $2
            """, [escaped, limit]
        ).map(StorySummary.init(row:))
    }

    /// Each board column's condition on the board table; every one reads $1 as now and $2 as the window's start.
    /// The board's narrowing by desk, assignee and "mine" (author or assignee), as $3, $4 and $5 (a null matches
    /// every story).
    static let boardNarrowing =
        " AND ($3::text IS NULL OR b.desk = $3) AND ($4::text IS NULL OR b.assignee = $4)"
        + " AND ($5::text IS NULL OR b.author = $5 OR b.assignee = $5)"

    /// Every board column's count, with parameters now, the window's start, desk, assignee and mine. Each count is its
    /// own scan of board_stage_idx or board_public_idx, so that it costs the column's stories and not the
    /// archive's (one condition ORing the columns read the whole table).
    public static let boardCounts =
        "SELECT "
        + BoardColumnKind.allCases.map {
            "(SELECT count(*) FROM board b WHERE \($0.condition)\(boardNarrowing)) AS \($0.rawValue)"
        }
        .joined(separator: ", ")

    /// The board of active work: draft, editing, fact-check, ready, embargoed, and the stories published,
    /// spiked, retracted or taken down within `recent`; each column with its count and a page of its oldest stories
    /// first.
    /// `desk`, `assignee` and `mine` (the stories a user wrote or is assigned to) narrow every column and its count.
    public func board(
        recent: Duration = BoardColumnKind.defaultWindow, limit: Int = 20, after cursors: [String: String] = [:],
        desk: String? = nil, assignee: String? = nil, mine: String? = nil, now: Date = Date()
    ) async throws -> [BoardColumn] {
        let since = now.addingTimeInterval(-Double(recent.components.seconds))
        let (columns, narrowing) = (BoardColumnKind.allCases, Self.boardNarrowing)
        var statements = [try Statement(Self.boardCounts, [now, since, desk, assignee, mine], prepared: true)]
        for column in columns {
            var parameters: [(any PostgresEncodable)?] = [now, since, desk, assignee, mine]
            var keyset = ""
            if let cursor = cursors[column.rawValue] {
                let (time, id) = try PageCursor.decodeTime(cursor)
                parameters += [time, id]
                keyset = " AND (b.stage_since, b.article_id) > ($6, $7)"
            }
            parameters.append(limit + 1)
            statements.append(
                try Statement(
                    """
                    SELECT a.id, a.slug, a.headline, a.stage, a.desk, a.assignee, a.author, a.version, a.revision,
                           a.created_at, a.updated_at, a.stage_since, a.public_at, a.word_count,
                           (SELECT string_agg(line, ' ')
                            FROM json_array_elements_text(a.document->'open_note'->'lines') line) AS open_note
                    FROM board b JOIN articles a ON a.id = b.article_id
                    WHERE \(column.condition)\(narrowing)\(keyset)
                    ORDER BY b.stage_since, b.article_id LIMIT $\(parameters.count)
                    """, parameters, prepared: true))
        }
        // The counts and the eight pages in one round trip, each planned once per connection: planning nine
        // statements took longer than running them.
        let results = try await pool.withSession { [statements] session in
            try session.pipeline(statements).map { try $0.get() }
        }
        let counts = results[0][0]
        var result: [BoardColumn] = []
        for (column, rows) in zip(columns, results.dropFirst()) {
            let items = try rows.prefix(limit).map { row in
                var summary = try StorySummary(row: row)
                summary.openNote = try row.decode("open_note")
                return summary
            }
            let next = rows.count > limit ? items.last.map { PageCursor.encode($0.stageSince, $0.id) } : nil
            let count: Int64 = try counts.decode(column.rawValue)
            result.append(BoardColumn(kind: column, count: Int(count), page: Page(items: items, next: next)))
        }
        return result
    }
}
