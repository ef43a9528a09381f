import Coding
import Editorial
import Foundation
import Galley
import Hummingbird

/// The content API for partners: `GET /content/v1/items`, a page of the stories the subscriber's product
/// receives as ninjs, newest change first, and `GET /content/v1/items/{id}` (`?version=N`: an earlier public
/// version). Every item served is recorded as read (`ContentReads`).
struct ContentRoutes {
    let content: PartnerContent
    let reads: ContentReads
    let projections: ProjectionRunner
    /// How long a read waits for the read models to catch up before it answers with what they hold.
    var readWait: Duration
    /// Who publishes the stories, for the addresses of their ClaimReviews; nil when the server has no public site.
    var publisher: ClaimReviewDocument.Publisher?

    func register(on router: RouterGroup<GalleyRequestContext>) {
        router.get("items") { request, context in try await list(request, context) }
        router.get("items/:id") { request, context in try await item(request, context) }
    }

    private func list(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let subscriber = try Self.subscriber(context)
        let query = try Self.query(request, allowed: ["limit", "after", "updated_since"])
        let (limit, since) = (try query.limit(), try query.time("updated_since"))
        let (current, lag) = try await projections.current(ReadModels(pool: content.pool), timeout: readWait)
        let content = PartnerContent(pool: current.pool)
        let now = Date()
        let page = try await content.items(
            for: subscriber.product, since: since, limit: limit, after: query.cursor, now: now)
        try await reads.record(subscriber.name, items: page.items.map { ($0.id, $0.revision) })
        let items = page.items.map { NinjsDocument.make($0, now: now, publisher: publisher) }
        return ArticleRoutes.marking(ListQuery.response(items, next: page.next, request: request), lag: lag)
    }

    private func item(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let subscriber = try Self.subscriber(context)
        let id = try context.parameters.require("id")
        let query = try Self.query(request, allowed: ["version"])
        let version = try query.parameters["version"].map { text in
            guard let version = Int(text), version >= 1 else {
                throw GalleyError.invalidInput("version is a whole number from 1: \(TextRule.echo(text))")
            }
            return version
        }
        let (current, lag) = try await projections.current(ReadModels(pool: content.pool), timeout: readWait)
        let content = PartnerContent(pool: current.pool)
        let now = Date()
        let story = try await content.item(id, version: version, for: subscriber.product, now: now)
        try await reads.record(subscriber.name, items: [(story.id, story.revision)])
        let response = JSONValueWriter.response(NinjsDocument.make(story, now: now, publisher: publisher))
        return ArticleRoutes.marking(response, lag: lag)
    }

    static func subscriber(_ context: GalleyRequestContext) throws -> Subscriber {
        guard let subscriber = context.subscriber else {
            throw Problem.unauthenticated("send a subscriber's token: Authorization: Bearer TOKEN")
        }
        return subscriber
    }

    /// The query string, refused when it names a parameter the route does not take.
    static func query(_ request: Request, allowed: Set<String>) throws -> ListQuery {
        let query = ListQuery(request)
        if let unknown = query.parameters.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw GalleyError.invalidInput(
                "unknown query parameter \(TextRule.echo(unknown)); this route takes "
                    + allowed.sorted().joined(separator: ", "))
        }
        return query
    }
}
