import Editorial
import EventStore
import Foundation
import Postgres

/// The queries that read the projections' tables: what `show`, `list`, `board` and the checklist print.
public struct ReadModels: Sendable {
    /// Where the tables are.
    public let pool: ConnectionPool

    /// Creates the queries over a pool.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// A story's current state.
    public func story(_ id: String) async throws -> StoryView {
        try ArticleID.validate(id)
        let rows = try await pool.query("SELECT document FROM articles WHERE id = $1", [id])
        guard let row = rows.first else { throw GalleyError.notFound("there is no story \(id)") }
        return try Self.view(row)
    }

    /// Every story, newest change first, optionally only those in `stage`.
    public func stories(in stage: Stage? = nil) async throws -> [StoryView] {
        try await pool.query(
            "SELECT document FROM articles WHERE $1::text IS NULL OR stage = $1 ORDER BY updated_at DESC, id",
            [stage?.rawValue]
        ).map(Self.view)
    }

    /// The board: stories by stage in the workflow's order, oldest in their stage first.
    public func board() async throws -> [BoardEntry] {
        try await pool.query(
            """
            SELECT article_id, stage, headline, desk, assignee, stage_since FROM board
            ORDER BY array_position($1::text[], stage), stage_since, article_id
            """, [Stage.allCases.map(\.rawValue)]
        ).map { row in
            let stage: String = try row.decode("stage")
            guard let known = Stage(rawValue: stage) else {
                throw GalleyError.configuration("the board holds an unknown stage \(stage); upgrade galley")
            }
            return BoardEntry(
                articleID: try row.decode("article_id"), stage: known, headline: try row.decode("headline"),
                desk: try row.decode("desk"), assignee: try row.decode("assignee"),
                stageSince: try row.decode("stage_since"))
        }
    }

    /// The public feed at `moment`: published stories past their embargo and not retracted, newest first.
    public func feed(at moment: Date = Date()) async throws -> [StoryView] {
        try await pool.query(
            "SELECT document FROM published WHERE NOT retracted AND public_at <= $1 ORDER BY public_at DESC, article_id",
            [moment]
        ).map(Self.view)
    }

    /// Every story that was published, retracted ones included, by public time: what exports carry.
    public func published() async throws -> [StoryView] {
        try await pool.query("SELECT document FROM published ORDER BY public_at, article_id").map(Self.view)
    }

    static func view(_ row: Row) throws -> StoryView {
        try EditorialCoding.decoder.decode(StoryView.self, from: Data(try row.decode("document", as: String.self).utf8))
    }
}

/// One story on the board.
public struct BoardEntry: Sendable, Hashable {
    /// The entry as JSON, for the HTTP board and `galley board --json`.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(articleID), "stage": .string(stage.rawValue), "headline": .string(headline),
            "desk": .string(desk), "stage_since": .string(Timestamp.rfc3339Seconds(stageSince)),
        ]
        object["assignee"] = assignee.map(JSONValue.string)
        return .object(object)
    }

    /// The story's id.
    public var articleID: String
    /// Its stage.
    public var stage: Stage
    /// Its headline.
    public var headline: String
    /// Its desk.
    public var desk: String
    /// Who works on it.
    public var assignee: String?
    /// When it entered its stage.
    public var stageSince: Date
}
