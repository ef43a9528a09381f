import Editorial
import EventStore
import Postgres

/// The rules that keep each name a person gives a story naming one story only: a chosen id, or a slug, that
/// `Newsroom.resolve` would take for another story (or for a page of the web app) is refused.
struct StoryNames: Sendable {
    let store: EventStore

    /// Words the addresses under /stories/ and /v1/articles/ use: as an id, a story could not be reached there
    /// (`/stories/new` is the new-story form) or would read as one of its own pages.
    static let reserved = Set(
        [
            "new", "history", "diff", "export", "edits", "claims", "verdict", "confirmation", "withdrawal",
            "fact-check", "corrections", "retraction", "comments", "assignment", "leave",
        ] + Action.allCases.map(\.rawValue))

    /// Refuses `id`, chosen by a person for a new story, when it is a reserved word, another story's slug, the
    /// start of another story's id, or starts with another story's id.
    func checkChosen(_ id: String) async throws {
        if Self.reserved.contains(id) {
            throw GalleyError.ruleViolation(
                "the id \(id) is a reserved word: Galley's addresses use it (as in /stories/new); choose another id")
        }
        if let holder: String = try await store.pool.query(
            "SELECT article_id FROM article_slugs WHERE slug = $1 AND article_id <> $2", [id, id]
        ).first?.decode("article_id") {
            throw GalleyError.ruleViolation(
                "the id \(id) is another story's slug (story \(holder)): an id may not be another story's slug; "
                    + "choose another id")
        }
        // The reference is letters, digits and hyphens (validated before), so it carries no LIKE wildcard. Ids
        // are looked up in the read model, as `Newsroom.resolve` looks up starts of ids.
        if let longer: String = try await store.pool.query(
            "SELECT id FROM articles WHERE id LIKE $1 AND id <> $2 ORDER BY id LIMIT 1", [id + "%", id]
        ).first?.decode("id") {
            throw GalleyError.ruleViolation(
                "the id \(id) is the start of another story's id (\(longer)): an id may not start another "
                    + "story's id; choose another id")
        }
        let starts = (1..<id.count).map { String(id.prefix($0)) }
        if !starts.isEmpty,
            let shorter: String = try await store.pool.query(
                "SELECT id FROM articles WHERE id = ANY($1) ORDER BY id LIMIT 1", [starts]
            ).first?.decode("id")
        {
            throw GalleyError.ruleViolation(
                "the id \(id) starts with another story's id (\(shorter)): an id may not start with another "
                    + "story's id; choose another id")
        }
    }

    /// The rule `slug`, asked for by story `id`, breaks when it is another story's id (from the log, as `resolve`
    /// reads ids) or the start of one (from the read model): `resolve` takes a slug before a start of an id.
    func slugProblem(_ slug: String, of id: String) async throws -> String? {
        guard slug != id else { return nil }
        if slug.count <= 64, try await store.version(of: ArticleHandler.stream(of: slug)) > 0 {
            return "the slug \(slug) is another story's id: a slug may not be another story's id"
        }
        // A slug is letters, digits and hyphens (validated before), so it carries no LIKE wildcard.
        if let longer: String = try await store.pool.query(
            "SELECT id FROM articles WHERE id LIKE $1 AND id <> $2 ORDER BY id LIMIT 1", [slug + "%", id]
        ).first?.decode("id") {
            return "the slug \(slug) is the start of another story's id (\(longer)): a slug may not start another "
                + "story's id"
        }
        return nil
    }
}
