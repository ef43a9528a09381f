import Coding
import Foundation
import Galley
import Hummingbird

/// The token's user's inbox: `GET /v1/inbox`, a page of items newest first, and `POST /v1/inbox/read`, which
/// marks it read. A read mark is the user's own and not an editorial event: nothing is appended to the log.
struct InboxRoutes {
    let readModels: ReadModels
    let projections: ProjectionRunner
    /// How long a read waits for the read models to catch up before it answers with what they hold.
    var readWait: Duration

    func register(on router: RouterGroup<GalleyRequestContext>) {
        router.get("inbox") { request, context in try await list(request, context) }
        router.post("inbox/read") { request, context in try await markRead(request, context) }
    }

    private func list(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let user = try ArticleRoutes.user(context)
        let query = ListQuery(request)
        let (limit, unread) = (try query.limit(), try query.flag("unread") ?? false)
        let lag = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
        let page = try await readModels.inbox(for: user, unreadOnly: unread, limit: limit, after: query.cursor)
        let mark = try await readModels.inboxMark(for: user)
        let response = ListQuery.response(
            page.items.map(\.jsonValue), next: page.next, request: request,
            extra: ["read_through": .int(mark.readThrough), "unread": .int(Int64(mark.unread))])
        return ArticleRoutes.marking(response, lag: lag)
    }

    private func markRead(_ request: Request, _ context: GalleyRequestContext) async throws -> Response {
        let user = try ArticleRoutes.user(context)
        let body = try await JSONBody.read(request, context: context, allowed: ["through"])
        let through = try body.integer("through")
        _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
        return JSONValueWriter.response(try await readModels.markInboxRead(for: user, through: through).jsonValue)
    }
}
