import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// People, for admins: the list, adding a person, and one person's roles, display name, state, password and
/// tokens. Each change calls what `galley users` and `galley tokens` call, recorded in the log as made by the admin.
extension WebApp {
    /// What a person's page posts, each to `/people/NAME/ACTION`.
    enum PersonAction: String {
        case roles, displayName = "display-name", disable, enable, password, revoke
    }

    /// The notices a redirect names with `done=`: fixed words, so that an address cannot put text on the page.
    static let peopleNotices: [String: String] = [
        "added": "Added. Set a password below so that they can sign in.",
        "roles": "Roles changed.", "roles-same": "They already had exactly these roles; nothing changed.",
        "display-name": "Display name changed.", "display-name-same": "That was already their display name.",
        "disable": "Disabled: their web sessions have ended and they can no longer act.",
        "disable-same": "They were already disabled.", "enable": "Enabled: they can act again.",
        "enable-same": "They were not disabled.",
        "password": "Password set: their web sessions have ended; they sign in with the new one.",
        "revoke": "Token revoked.", "revoke-same": "That token was already revoked.",
    ]

    func registerPeople(on web: RouterGroup<GalleyRequestContext>) {
        web.get("people") { request, context in
            await page(request, context) { session in try await people(request, admin(session), form: nil) }
        }
        web.post("people") { request, context in
            await posted(request, context) { session, form in try await addPerson(request, admin(session), form) }
        }
        web.get("people/:name") { request, context in
            await page(request, context) { session in
                try await person(request, context, admin(session), form: nil, sent: nil, error: nil)
            }
        }
        web.post("people/:name/:action") { request, context in
            await posted(request, context) { session, form in
                try await changePerson(request, context, admin(session), form)
            }
        }
        // A form's address loaded again (a reload after a refusal): back to the person's page.
        web.get("people/:name/:action") { _, context in
            Self.redirect("/people/" + (try context.parameters.require("name")))
        }
    }

    /// The session's, when its user is an admin; anyone else is refused before anything is read.
    func admin(_ session: WebSession) throws -> WebSession {
        guard session.user.roles.contains(.admin) else {
            throw GalleyError.forbidden("only admins manage people; ask an admin to make the change")
        }
        return session
    }

    func people(
        _ request: Request, _ session: WebSession, form: WebForm?, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let after = request.uri.queryParameters["after"].map(String.init)
        let users = try await UserDirectory(pool: newsroom.store.pool).list(limit: 200, after: after)
        var frame = frame("People", session, current: "people")
        frame.error = error
        return templates.response(PeoplePage(frame: frame, users: users, form: form), status: status)
    }

    func addPerson(_ request: Request, _ session: WebSession, _ form: WebForm) async throws -> Response {
        do {
            let name = try form.required("name", "the person's login name")
            let roles = try Self.roles(form)
            let user = try await UserDirectory(pool: newsroom.store.pool).add(
                name, roles: roles, displayName: form.text("display_name"), by: session.user.name)
            return Self.redirect("/people/\(user.name)?done=added")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            return try await people(request, session, form: form, error: problem.detail, status: problem.status)
        }
    }

    func person(
        _ request: Request, _ context: GalleyRequestContext, _ session: WebSession, form: WebForm?,
        sent: PersonAction?, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let name = try context.parameters.require("name")
        let pool = newsroom.store.pool
        guard let user = try await UserDirectory(pool: pool).find(name) else {
            throw GalleyError.notFound("there is no user named \(TextRule.echo(name))")
        }
        let tokens = try await TokenStore(pool: pool).list(user: user.name, limit: 100)
        var frame = frame(user.name, session, current: "people")
        frame.error = error
        if error == nil, let done = request.uri.queryParameters["done"] {
            frame.notice = Self.peopleNotices[String(done)]
        }
        let page = PersonPage(
            frame: frame, user: user, tokens: tokens, form: form, sent: sent?.rawValue, admin: session.user.name,
            time: time)
        return templates.response(page, status: status)
    }

    /// A person's form: the change made as the admin, then back to their page with what was done; a refusal shows
    /// the page again with the message and the form as typed (a password never comes back).
    func changePerson(
        _ request: Request, _ context: GalleyRequestContext, _ session: WebSession, _ form: WebForm
    ) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let action = PersonAction(rawValue: try context.parameters.require("action")) else {
            throw GalleyError.notFound("there is no such thing to do with a person")
        }
        let pool = newsroom.store.pool
        let users = UserDirectory(pool: pool)
        let admin = session.user.name
        do {
            let changed: Bool
            switch action {
            case .roles: changed = try await users.setRoles(name, try Self.roles(form), by: admin)
            case .displayName: changed = try await users.setDisplayName(name, form.text("display_name"), by: admin)
            case .disable: changed = try await users.disable(name, by: admin)
            case .enable: changed = try await users.enable(name, by: admin)
            case .password:
                let password = form.fields["password"]?.first ?? ""
                guard password == form.fields["password_again"]?.first ?? "" else {
                    throw GalleyError.invalidInput("the two passwords differ; type the same password twice")
                }
                try await WebSignIn(pool: pool).setPassword(name, password, by: admin)
                changed = true
            case .revoke:
                changed = try await TokenStore(pool: pool).revoke(
                    try form.required("token", "the token's id"), by: admin)
            }
            let done = action.rawValue + (changed ? "" : "-same")
            return Self.redirect("/people/\(name)?done=\(done)")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            var response = try await person(
                request, context, session, form: form, sent: action, error: problem.detail, status: problem.status)
            response.headers.append(contentsOf: problem.headers)
            return response
        }
    }

    /// The roles ticked on a form, each one the domain knows.
    static func roles(_ form: WebForm) throws -> Set<Role> {
        let roles = try (form.fields["role"] ?? []).map { value in
            guard let role = Role(rawValue: value) else {
                throw GalleyError.invalidInput("there is no role \(TextRule.echo(value))")
            }
            return role
        }
        guard !roles.isEmpty else { throw GalleyError.invalidInput("tick at least one role") }
        return Set(roles)
    }
}
