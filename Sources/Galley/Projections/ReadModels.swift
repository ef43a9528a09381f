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
