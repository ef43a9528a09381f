import Coding
import Editorial
import EventStore
import Foundation
import Galley
import Hummingbird

/// The inbox: its page, the unread count the navigation shows (kept live by the page script), and marking it
/// read. A read mark is the person's own, not an editorial event: nothing is appended to the log.
extension WebApp {
    func inbox(_ request: Request, _ session: WebSession) async throws -> Response {
        let after = request.uri.queryParameters["after"].map(String.init)
        _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
        let page = try await readModels.inbox(for: session.user, limit: 30, after: after)
        let mark = try await readModels.inboxMark(for: session.user)
        // The form marks up to the newest item there is, which a later page does not show.
        var newest = page.items.first?.position
        if after != nil { newest = try await readModels.inbox(for: session.user, limit: 1).items.first?.position }
        let items = page.items.map { item in
            InboxPage.Item(
                id: item.articleID, slug: item.slug ?? item.articleID, headline: item.headline ?? item.articleID,
                stage: item.stage?.label ?? "", what: "\(item.actor) \(item.reason.phrase)", text: item.text,
                at: time.format(item.at), unread: item.unread)
        }
        let view = InboxPage(
            frame: frame("Inbox", session, current: "inbox"), items: items,
            summary: mark.unread == 0
                ? "Nothing unread."
                : "\(mark.unread)\(mark.unread >= InboxMark.countLimit ? "+" : "") unread",
            canMarkRead: mark.unread > 0 && newest != nil, through: newest.map { String($0) } ?? "",
            more: page.next.map { "/inbox?" + Self.query([("after", $0)]) }, none: items.isEmpty && after == nil)
        return templates.response(view)
    }

    /// `{"unread": N, "position": P}`: the count for the navigation, and where in the log the page's script
    /// follows from to hear when it may have changed.
    func inboxCount(_ context: GalleyRequestContext) async throws -> Response {
        guard let session = context.webSession else { throw Problem.unauthenticated("sign in to the web app first") }
        _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
        let seen = projections.progress.seen
        let position = seen > 0 ? seen : try await newsroom.store.head()
        let mark = try await readModels.inboxMark(for: session.user)
        var response = JSONValueWriter.response(
            .object([
                "unread": .int(Int64(mark.unread)), "position": .int(position), "user": .string(session.user.name),
            ]))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func markInboxRead(_ session: WebSession, _ form: WebForm) async throws -> Response {
        var through: Int64?
        if let text = form.text("through"), !text.isEmpty {
            guard let position = Int64(text) else {
                throw GalleyError.invalidInput("the form's position is not a number: reload the inbox and try again")
            }
            through = position
        }
        _ = try await readModels.markInboxRead(for: session.user, through: through)
        return Self.redirect("/inbox")
    }
}
