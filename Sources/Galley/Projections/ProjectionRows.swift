import Coding
import Editorial
import Foundation

/// The rows of the read models, one builder a table, each from a story folded from the log.
///
/// Rows are `JSONValue` objects keyed by the tables' column names: a live projection sends them as text arrays
/// a column (`unnest`), a rebuild as `COPY` rows; both write out far faster than `JSONEncoder`.
enum ProjectionRows {
    static func article(_ story: Story) -> JSONValue? {
        let article = story.article
        guard let content = article.content, let stage = article.stage, let created = story.createdAt,
            let updated = story.updatedAt
        else { return nil }
        var row: [String: JSONValue] = [
            "id": .string(story.id), "stage": .string(stage.rawValue), "revision": .int(Int64(article.revision)),
            "version": .int(article.version), "headline": .string(content.headline), "slug": .string(content.slug),
            "desk": .string(content.desk), "created_at": time(created), "updated_at": time(updated),
            "stage_since": time(story.stageSince ?? created), "document": StoryView(story).jsonValue,
            "language": .string(content.language), "bylines": .string(content.bylines.joined(separator: "; ")),
            "body": .string(searchable(content.body.joined(separator: "\n"), maxBytes: searchedBodyBytes)),
            "claims_text": .string(
                searchable(article.claims.map(\.text).joined(separator: "\n"), maxBytes: searchedClaimBytes)),
        ]
        row["kicker"] = content.kicker.map(JSONValue.string)
        row["author"] = article.author.map(JSONValue.string)
        row["assignee"] = article.assignee.map(JSONValue.string)
        row["public_at"] = article.publicAt.map(time)
        row["word_count"] = .int(Int64(TextLength(paragraphs: content.body).words))
        return .object(row)
    }

    /// How much of a story's body search reads, in UTF-8 bytes, and how much of its claims' text.
    ///
    /// PostgreSQL refuses a `tsvector` over 1 MB, and a vector costs at most about 4.5 bytes for each byte of
    /// text (a lexeme's entry and position for every one-byte word): these bounds keep every story's vector
    /// under half of that, whatever it holds, so that no story can stop the articles projection. The first
    /// 100 kB of a body are some 15,000 words, past the length of nearly every story; words beyond are not found.
    static let searchedBodyBytes = 100_000
    static let searchedClaimBytes = 20_000

    /// The start of `text` that fits in `maxBytes` of UTF-8, cut after the last white space that fits (or at
    /// the last whole character, for text without any).
    static func searchable(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var end = text.startIndex
        var lastSpace: String.Index?
        var bytes = 0
        for index in text.unicodeScalars.indices {
            let scalar = text.unicodeScalars[index]
            let size = UTF8.width(scalar)
            guard bytes + size <= maxBytes else { break }
            bytes += size
            end = text.unicodeScalars.index(after: index)
            if scalar.properties.isWhitespace { lastSpace = index }
        }
        return String(text.unicodeScalars[..<(lastSpace ?? end)])
    }

    static func board(_ story: Story) -> JSONValue? {
        let article = story.article
        guard let content = article.content, let stage = article.stage, let created = story.createdAt else {
            return nil
        }
        var row: [String: JSONValue] = [
            "article_id": .string(story.id), "stage": .string(stage.rawValue), "headline": .string(content.headline),
            "desk": .string(content.desk), "stage_since": time(story.stageSince ?? created),
        ]
        row["assignee"] = article.assignee.map(JSONValue.string)
        row["author"] = article.author.map(JSONValue.string)
        row["public_at"] = article.publicAt.map(time)
        return .object(row)
    }

    static func claims(_ story: Story) -> [JSONValue] {
        story.article.claims.enumerated().map { index, claim in
            var row: [String: JSONValue] = [
                "article_id": .string(story.id), "claim_id": .string(claim.id), "ordinal": .int(Int64(index + 1)),
                "text": .string(claim.text),
                "evidence": .array((claim.verdict?.evidence ?? []).map { .string($0.absoluteString) }),
                "standing": .string(story.article.standing(of: claim).rawValue),
            ]
            row["verdict_revision"] = claim.verdict?.revision.map { .int(Int64($0)) }
            row["speaker"] = claim.speaker.map(JSONValue.string)
            row["source"] = claim.source.map(JSONValue.string)
            row["rating"] = claim.verdict.map { .string($0.rating.rawValue) }
            row["note"] = claim.verdict.map { .string($0.note) }
            row["ruled_by"] = claim.verdict.map { .string($0.by) }
            row["ruled_at"] = claim.verdict.map { time($0.at) }
            return .object(row)
        }
    }

    /// The story's row in `published`: only stories that were published (retracted ones stay, marked).
    static func published(_ story: Story) -> JSONValue? {
        let article = story.article
        guard Publicity.wasPublished(stage: article.stage, publicAt: article.publicAt),
            let stage = article.stage, let publicAt = article.publicAt, let content = article.content,
            let updated = story.updatedAt
        else { return nil }
        return .object([
            "article_id": .string(story.id), "slug": .string(content.slug), "headline": .string(content.headline),
            "public_at": time(publicAt), "revision": .int(Int64(article.revision)), "stage": .string(stage.rawValue),
            "retracted": .bool(stage == .retracted), "corrections": .int(Int64(article.corrections.count)),
            "updated_at": time(updated), "document": StoryView(story).jsonValue, "desk": .string(content.desk),
            "language": .string(content.language),
            // What partners see changes with its events, and when an embargo ends (which no event marks).
            "changed_at": time(max(updated, publicAt)),
        ])
    }

    /// The story's rows in `inbox`: one for each notice its events gave.
    static func inbox(_ story: Story) -> [JSONValue] {
        story.notices.map { noticed in
            let (recipient, toRole): (String, Bool) =
                switch noticed.notice.recipient {
                case .person(let name): (name, false)
                case .role(let role): (role.rawValue, true)
                }
            var row: [String: JSONValue] = [
                "article_id": .string(story.id), "position": .int(noticed.position), "recipient": .string(recipient),
                "to_role": .bool(toRole), "reason": .string(noticed.notice.reason.rawValue),
                "actor": .string(noticed.actor), "at": time(noticed.at),
            ]
            row["text"] = noticed.notice.text.map(JSONValue.string)
            return .object(row)
        }
    }

    /// A time for a table's column, with the microseconds PostgreSQL keeps: lists are ordered and paged by them.
    static func time(_ date: Date) -> JSONValue { .string(Timestamp.rfc3339Microseconds(date)) }
}
