import Foundation
import Postgres

/// The `article_slugs` table (migrations/0006): which story holds which slug.
///
/// It only records claims; whether a holder still deserves its slug (it exists and is not spiked) is for
/// `Newsroom` to judge from the log.
struct SlugRegistry: Sendable {
    let pool: ConnectionPool

    /// What a claim found.
    enum Claim: Equatable {
        /// The slug was free and is now the story's.
        case claimed
        /// The story already held it (a retried draft).
        case alreadyHeld
        /// Another story holds it.
        case heldBy(articleID: String, since: Date)
    }

    func claim(_ slug: String, for articleID: String) async throws -> Claim {
        let inserted = try await pool.query(
            "INSERT INTO article_slugs (slug, article_id) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING slug",
            [slug, articleID])
        if !inserted.isEmpty { return .claimed }
        let rows = try await pool.query("SELECT article_id, claimed_at FROM article_slugs WHERE slug = $1", [slug])
        guard let row = rows.first else { return try await claim(slug, for: articleID) }  // freed meanwhile
        let holder: String = try row.decode("article_id")
        return holder == articleID ? .alreadyHeld : .heldBy(articleID: holder, since: try row.decode("claimed_at"))
    }

    /// Moves the slug from a holder that no longer deserves it; false when someone else moved it first.
    func takeOver(_ slug: String, from holder: String, to articleID: String) async throws -> Bool {
        try await pool.query(
            "UPDATE article_slugs SET article_id = $3, claimed_at = now() WHERE slug = $1 AND article_id = $2",
            [slug, holder, articleID]
        ).affectedRows == 1
    }

    /// The story holding `slug`, if any.
    func holder(of slug: String) async throws -> String? {
        try await pool.query("SELECT article_id FROM article_slugs WHERE slug = $1", [slug]).first?.decode("article_id")
    }

    /// Frees the slug if `articleID` holds it.
    func release(_ slug: String, by articleID: String) async throws {
        try await pool.query("DELETE FROM article_slugs WHERE slug = $1 AND article_id = $2", [slug, articleID])
    }
}
