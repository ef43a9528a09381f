import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// Partners, for admins: the subscribers who receive published stories, adding one, disabling and enabling
/// them, and issuing content API tokens. Each change calls what `galley subscribers` calls, recorded in the log as
/// made by the admin.
extension WebApp {
    /// What a subscriber's row posts, each to `/subscribers/NAME/ACTION`.
    enum SubscriberAction: String {
        case disable, enable, token, redeliver
    }

    /// The notices a redirect names with `done=`: fixed words, so that an address cannot put text on the page.
    static let subscriberNotices: [String: String] = [
        "added": "Added. Issue a token below for the partner to read the content API with.",
        "disable": "Disabled: it receives nothing and its tokens stop working.",
        "disable-same": "It was already disabled.", "enable": "Enabled: it receives its product again.",
        "enable-same": "It was not disabled.",
        "redeliver": "Queued again: it goes out with the same webhook-id, on a fresh schedule.",
    ]

    func registerSubscribers(on web: RouterGroup<GalleyRequestContext>) {
        web.get("subscribers") { request, context in
            await page(request, context) { session in try await subscribers(request, partnersAdmin(session), form: nil)
            }
        }
        web.post("subscribers") { request, context in
            await posted(request, context) { session, form in
                try await addSubscriber(request, partnersAdmin(session), form)
            }
        }
        web.post("subscribers/:name/:action") { request, context in
            await posted(request, context) { session, form in
                try await changeSubscriber(request, context, partnersAdmin(session), form)
            }
        }
        // A partner's webhooks; any other address below a partner is a form's, loaded again (a reload after a
        // refusal): back to the list.
        web.get("subscribers/:name/:action") { request, context in
            guard context.parameters.get("action") == "webhooks" else { return Self.redirect("/subscribers") }
            return await page(request, context) { session in
                try await webhooks(request, context, partnersAdmin(session), error: nil)
            }
        }
    }

    /// The session's, when its user is an admin; anyone else is refused before anything is read.
    func partnersAdmin(_ session: WebSession) throws -> WebSession {
        guard session.user.roles.contains(.admin) else {
            throw GalleyError.forbidden("only admins manage partners; ask an admin to make the change")
        }
        return session
    }

    func subscribers(
        _ request: Request, _ session: WebSession, form: WebForm?, error: String? = nil,
        issued: (name: String, token: String)? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let after = request.uri.queryParameters["after"].map(String.init)
        let list = try await SubscriberDirectory(pool: newsroom.store.pool).list(limit: 200, after: after)
        var frame = frame("Partners", session, current: "subscribers")
        frame.error = error
        if error == nil, issued == nil, let done = request.uri.queryParameters["done"] {
            frame.notice = Self.subscriberNotices[String(done)]
        }
        let page = SubscribersPage(frame: frame, subscribers: list, form: form, issued: issued)
        return templates.response(page, status: status)
    }

    func addSubscriber(_ request: Request, _ session: WebSession, _ form: WebForm) async throws -> Response {
        do {
            let name = try form.required("name", "the subscriber's name")
            let product = try SubscriberProduct(
                desks: SubscribersPage.list(form.text("desks")),
                languages: SubscribersPage.list(form.text("languages")),
                embargoPartner: form.isChecked("embargo_partner"))
            try await SubscriberDirectory(pool: newsroom.store.pool).add(name, product: product, by: session.user.name)
            return Self.redirect("/subscribers?done=added")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            return try await subscribers(request, session, form: form, error: problem.detail, status: problem.status)
        }
    }

    /// A row's form: the change made as the admin, then back to the list with what was done; a token is shown on
    /// the answer itself, once, and never again.
    func changeSubscriber(
        _ request: Request, _ context: GalleyRequestContext, _ session: WebSession, _ form: WebForm
    ) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let action = SubscriberAction(rawValue: try context.parameters.require("action")) else {
            throw GalleyError.notFound("there is no such thing to do with a subscriber")
        }
        let pool = newsroom.store.pool
        let admin = session.user.name
        do {
            let changed: Bool
            switch action {
            case .disable: changed = try await SubscriberDirectory(pool: pool).disable(name, by: admin)
            case .enable: changed = try await SubscriberDirectory(pool: pool).enable(name, by: admin)
            case .redeliver:
                let message = try form.required("message", "the webhook-id")
                _ = try await WebhookEndpoints(pool: pool).redeliver(subscriber: name, message: message, since: nil)
                // The name is a subscriber's (redeliver refused any other): letters, digits and ".-_" only.
                return Self.redirect("/subscribers/\(name)/webhooks?done=redeliver")
            case .token:
                let issued = try await SubscriberTokenStore(pool: pool).issue(for: name, by: admin)
                var response = try await subscribers(request, session, form: nil, issued: (name, issued.token))
                // The token is on this page alone: no cache may keep it.
                response.headers[.cacheControl] = "no-store"
                return response
            }
            return Self.redirect("/subscribers?done=\(action.rawValue + (changed ? "" : "-same"))")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            if action == .redeliver {
                return try await webhooks(request, context, session, error: problem.detail, status: problem.status)
            }
            return try await subscribers(request, session, form: nil, error: problem.detail, status: problem.status)
        }
    }

    /// A partner's endpoints and delivery log (the latest 100 attempts).
    func webhooks(
        _ request: Request, _ context: GalleyRequestContext, _ session: WebSession, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let name = try context.parameters.require("name")
        let endpoints = WebhookEndpoints(pool: newsroom.store.pool)
        let attempts = try await endpoints.attempts(subscriber: name, limit: 100)
        var frame = frame("Webhooks of \(name)", session, current: "subscribers")
        frame.error = error
        if error == nil, let done = request.uri.queryParameters["done"] {
            frame.notice = Self.subscriberNotices[String(done)]
        }
        let page = WebhooksPage(
            frame: frame, subscriber: name, endpoints: try await endpoints.list(subscriber: name), attempts: attempts,
            time: time)
        return templates.response(page, status: status)
    }
}
