import Editorial
import Foundation

/// The row types of the read models, one a table, each built from a story folded from the log.
///
/// Rows travel to PostgreSQL as one JSON array a statement (`jsonb_to_recordset`), so their keys are the
/// tables' column names.
enum ProjectionRows {
    struct Article: Encodable {
        var id: String
        var stage: String
        var revision: Int
        var version: Int64
        var headline: String
        var slug: String
        var desk: String
        var author: String?
        var assignee: String?
        var createdAt: Date
        var updatedAt: Date
        var stageSince: Date
        var publicAt: Date?
        var document: StoryView
    }

    struct Board: Encodable {
        var articleId: String
        var stage: String
        var headline: String
        var desk: String
        var assignee: String?
        var stageSince: Date
    }

    struct Claim: Encodable {
        var articleId: String
        var claimId: String
        var ordinal: Int
        var text: String
        var speaker: String?
        var source: String?
        var rating: String?
        var note: String?
        var evidence: [URL]
        var ruledBy: String?
        var ruledAt: Date?
    }

    struct Published: Encodable {
        var articleId: String
        var slug: String
        var headline: String
        var publicAt: Date
        var revision: Int
        var retracted: Bool
        var corrections: Int
        var updatedAt: Date
        var document: StoryView
    }

    /// The story's row in `articles`, or nil for a stream with no content (never the case for a real story).
    static func article(_ story: Story) -> Article? {
        let article = story.article
        guard let content = article.content, let stage = article.stage, let created = story.createdAt,
            let updated = story.updatedAt
        else { return nil }
        return Article(
            id: story.id, stage: stage.rawValue, revision: article.revision, version: article.version,
            headline: content.headline, slug: content.slug, desk: content.desk, author: article.author,
            assignee: article.assignee, createdAt: created, updatedAt: updated,
            stageSince: story.stageSince ?? created, publicAt: article.publicAt, document: StoryView(story))
    }

    static func board(_ story: Story) -> Board? {
        guard let row = article(story) else { return nil }
        return Board(
            articleId: row.id, stage: row.stage, headline: row.headline, desk: row.desk, assignee: row.assignee,
            stageSince: row.stageSince)
    }

    static func claims(_ story: Story) -> [Claim] {
        story.article.claims.enumerated().map { index, claim in
            Claim(
                articleId: story.id, claimId: claim.id, ordinal: index + 1, text: claim.text, speaker: claim.speaker,
                source: claim.source, rating: claim.verdict?.rating.rawValue, note: claim.verdict?.note,
                evidence: claim.verdict?.evidence ?? [], ruledBy: claim.verdict?.by, ruledAt: claim.verdict?.at)
        }
    }

    /// The story's row in `published`: only stories that were published (retracted ones stay, marked).
    static func published(_ story: Story) -> Published? {
        let article = story.article
        guard [.published, .retracted].contains(article.stage), let publicAt = article.publicAt,
            let content = article.content, let updated = story.updatedAt
        else { return nil }
        return Published(
            articleId: story.id, slug: content.slug, headline: content.headline, publicAt: publicAt,
            revision: article.revision, retracted: article.stage == .retracted,
            corrections: article.corrections.count, updatedAt: updated, document: StoryView(story))
    }

    /// Encodes rows for `jsonb_to_recordset`, the way `show --json` writes stories: snake_case keys, RFC 3339
    /// times (the read models keep milliseconds, like the events' own times).
    static func json<Row: Encodable>(_ rows: [Row]) throws -> String {
        String(decoding: try EditorialCoding.encoder.encode(rows), as: UTF8.self)
    }
}
