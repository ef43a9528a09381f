import Coding
import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import Logging

/// The newsroom in the browser: server-rendered pages over the same `Newsroom` and read models as the API.
/// Every page works without JavaScript (forms post and redirect); no route decides a rule: what a user may do
/// comes from the domain, and every command is judged by `decide`.
struct WebApp: Sendable {
    let newsroom: Newsroom
    let readModels: ReadModels
    let projections: ProjectionRunner
    let searchGate: SearchGate
    let signIn: WebSignIn
    let templates: WebTemplates
    let events: EventRoutes
    let time: WebTime
    /// How long published, spiked and retracted stories stay on the board.
    var recentWindow: Duration
    /// How long a read waits for the read models.
    var readWait: Duration
    /// Whether cookies are marked Secure even when no proxy says the request came over TLS.
    var secureCookies: Bool
    /// Every command takes a token of its sender's.
    let commandRate: CommandRateLimit
    /// Whose `X-Forwarded-For` names the client, whose address counts sign-in failures.
    var proxies: TrustedProxies
    /// Signs the sign-in form's token.
    var formKey: SignInFormKey
    /// The most a form's post may hold, in bytes.
    var maxBodySize: Int
    /// Who has which story open, across every server.
    let presence: Presence
    /// The public site's address and publisher, when configured.
    var site: PublicSite?
    /// The public pages' cache lifetimes.
    var publicCache: PublicCache
    /// Whether a public story page links its proof: readers can fetch it only when `/log` is public.
    var linksProofs: Bool
    /// When this server started: no public page is older than how it renders them (its version and settings).
    let startedAt = Date()

    /// The cookie that ties the sign-in form to the browser that loaded it.
    static let loginCookie = "galley_login"

    func register(on router: Router<GalleyRequestContext>) {
        router.get("assets/:file") { request, context in
            let file = try context.parameters.require("file")
            guard let response = templates.asset(file, request: request) else {
                throw Problem(
                    .notFound, "not-found", "Not found",
                    detail: "there is no asset \(TextRule.echo(file)); "
                        + "the web app has galley.css and galley.js")
            }
            return response
        }
        let web = router.group().add(middleware: WebSecurityHeaders()).add(
            middleware: WebSessionMiddleware(signIn: signIn))
        web.get("login") { request, context in loginPage(request, context) }
        web.post("login") { request, context in await login(request, context) }
        web.post("logout") { request, context in
            await posted(request, context) { session, _ in
                if let secret = request.cookies[WebSessionMiddleware.cookie]?.value {
                    try await signIn.signOut(secret)
                }
                var response = Self.redirect("/login?signed_out=1")
                response.setCookie(cookie(WebSessionMiddleware.cookie, "", request: request, maxAge: 0))
                context.logger.info("signed out", metadata: ["user": .string(session.user.name)])
                return response
            }
        }
        web.get("/") { request, context in await page(request, context) { try await board(request, $0) } }
        web.get("schedule") { request, context in
            await page(request, context) { session in
                let (readModels, _) = try await projections.current(readModels, timeout: readWait)
                let page = try await readModels.schedule(after: request.uri.queryParameters["after"].map(String.init))
                return templates.response(
                    SchedulePage(frame: frame("Schedule", session, current: "schedule"), page: page, time: time))
            }
        }
        web.get("search") { request, context in await page(request, context) { try await search(request, $0) } }
        // The public record moved to the public site: old links and bookmarks land on its index.
        web.get("public") { request, _ in
            let after = request.uri.queryParameters["after"].map { "?" + WebApp.query([("after", String($0))]) } ?? ""
            return Response(status: .movedPermanently, headers: [.location: "/news" + after])
        }
        web.get("inbox") { request, context in await page(request, context) { try await inbox(request, $0) } }
        web.get("inbox/count") { _, context in try await inboxCount(context) }
        web.post("inbox/read") { request, context in
            await posted(request, context) { session, form in try await markInboxRead(session, form) }
        }
        web.get("stories/new") { request, context in
            await page(request, context) { session in newStory(session, form: nil, error: nil) }
        }
        web.post("stories") { request, context in
            await posted(request, context) { session, form in try await draft(request, session, form) }
        }
        web.get("stories/:id") { request, context in
            await page(request, context) { try await story(request, context, $0) }
        }
        web.get("stories/:id/history") { request, context in
            await page(request, context) { try await history(request, context, $0) }
        }
        web.get("stories/:id/diff") { request, context in
            await page(request, context) { try await diff(request, context, $0) }
        }
        web.get("stories/:id/export") { request, context in
            await page(request, context) { _ in try await export(context) }
        }
        web.post("stories/:id/:action") { request, context in
            await posted(request, context) { session, form in try await act(request, context, session, form) }
        }
        // The addresses forms post to, loaded again (a reload after a refusal, a typed address): back to where
        // the form was, never a page saying the method is wrong.
        web.get("stories/:id/:action") { _, context in
            Self.redirect("/stories/\(try context.parameters.require("id"))")
        }
        web.get("stories") { _, _ in Self.redirect("/stories/new") }
        // Browsers ask for it on every page; there is none, and saying so once a day is enough.
        web.get("favicon.ico") { _, _ in
            Response(status: .noContent, headers: [.cacheControl: "public, max-age=86400"])
        }
        web.get("logout") { _, _ in Self.redirect("/") }
        // Presence: the story page's script beats while it is open, says when it leaves, and the board asks who
        // is where. Answers are JSON for the script; nothing here is an event of the log.
        web.post("presence/:id") { request, context in
            await posted(request, context) { session, form in
                let (story, tab) = try presenceTarget(context, form)
                let here = try await presence.beat(
                    story: story, user: session.user.name, tab: tab, editing: form.isChecked("editing"))
                return JSONValueWriter.response(.object(["here": .array(here.map(\.jsonValue))]))
            }
        }
        web.post("presence/:id/leave") { request, context in
            await posted(request, context) { session, form in
                let (story, tab) = try presenceTarget(context, form)
                try await presence.leave(story: story, user: session.user.name, tab: tab)
                return Response(status: .noContent)
            }
        }
        web.get("presence") { request, context in
            await page(request, context) { _ in
                let everywhere = try await presence.everywhere()
                return JSONValueWriter.response(
                    .object(["stories": .object(everywhere.mapValues { .array($0.map(\.jsonValue)) })]))
            }
        }
        registerPeople(on: web)
        registerSubscribers(on: web)
        registerNews(on: web)
        // Live updates for the pages' script: the log's event feed, opened with the session's cookie.
        web.get("live") { request, context in
            guard let session = context.webSession, let secret = request.cookies[WebSessionMiddleware.cookie]?.value
            else {
                throw Problem.unauthenticated("sign in to the web app first")
            }
            // The feed ends with the session: signed out, idle too long, the password set again, the user disabled.
            let viewer = FeedViewer(user: session.user) { try await signIn.session(for: secret, touch: false)?.user }
            return try events.stream(
                after: try EventRoutes.checkpoint(request), viewer: viewer, channel: context.channel, named: false)
        }
    }

    /// The story and the browser tab a presence form names, or a refusal.
    func presenceTarget(_ context: GalleyRequestContext, _ form: WebForm) throws -> (story: String, tab: String) {
        let story = try context.parameters.require("id")
        try ArticleID.validate(story)
        guard let tab = form.text("tab"), Presence.isTab(tab) else {
            throw GalleyError.invalidInput("tab is 8 to 64 lowercase letters and digits, made by the page")
        }
        return (story, tab)
    }

    // MARK: The frame around every page, and errors

    func frame(_ title: String, _ session: WebSession?, current: String = "") -> Frame {
        var frame = Frame(
            title: title, user: session.map { UserView($0.user) }, csrf: session?.csrfToken ?? "", zone: time.zoneName,
            current: current)
        frame.maxBody = maxBodySize
        frame.tooLong = Self.tooLong(maxBodySize)
        return frame
    }

    /// A page for someone signed in; a visitor is sent to sign in first, and comes back here after.
    func page(
        _ request: Request, _ context: GalleyRequestContext, _ body: (WebSession) async throws -> Response
    ) async -> Response {
        guard let session = context.webSession else {
            return Self.redirect("/login?" + Self.query([("next", Self.pathAndQuery(request))]))
        }
        do {
            return try await body(session)
        } catch {
            return message(error, context: context, session: session)
        }
    }

    /// A form's post: signed in, and carrying the session's token, or refused before anything is read further.
    func posted(
        _ request: Request, _ context: GalleyRequestContext, _ body: (WebSession, WebForm) async throws -> Response
    ) async -> Response {
        guard let session = context.webSession else { return await sessionEnded(request, context) }
        do {
            let form = try await WebForm.read(request, context: context)
            guard Self.same(form.text("csrf"), session.csrfToken) else {
                throw Problem(
                    .forbidden, "csrf", "Form expired",
                    detail: "This form did not come from your current session (it may be from before you signed in "
                        + "again). Nothing was changed: go back, reload the page and try again.")
            }
            return try await body(session, form)
        } catch {
            if Problem(error).status == .contentTooLarge, let page = try? await tooLarge(request, session) {
                return page
            }
            return message(error, context: context, session: session)
        }
    }

    /// What a form over the size limit says, in a person's measures.
    static func tooLong(_ limit: Int) -> String {
        let megabytes = Double(limit) / 1_048_576
        let size = megabytes >= 1 ? "\((megabytes * 10).rounded() / 10) MB" : "\(limit / 1_024) kB"
        // A word and its space take about seven bytes once a form encodes them.
        let words = max(1, limit / 7 / 1_000)
        return "This is too long to send: a form holds at most \(size) of text (about \(words),000 words). "
            + "Shorten it, or split the story in two."
    }

    /// A form too large to read: its page again with the limit said beside it. The text cannot be shown again (it
    /// was not read); the browser's Back keeps it, and the page's script stops such a post before it is sent.
    func tooLarge(_ request: Request, _ session: WebSession) async throws -> Response? {
        let parts = request.uri.path.split(separator: "/").map(String.init)
        let message = Self.tooLong(maxBodySize) + " Nothing was saved; go Back to find your text."
        if parts == ["stories"] {
            return newStory(session, form: nil, error: message, status: .contentTooLarge)
        }
        guard parts.count == 3, parts[0] == "stories", let action = Action(rawValue: parts[2]) else { return nil }
        let story = try await newsroom.story(named: parts[1])
        return await storyAgain(
            story, session: session, message: message,
            failure: StoryPage.Failure(action: action, claim: nil, message: message), edit: nil,
            status: .contentTooLarge)
    }

    /// An error as a page: its status, and what to do, in words; an internal one says nothing of its insides.
    func message(_ error: any Error, context: GalleyRequestContext, session: WebSession?) -> Response {
        let problem = Problem(error)
        if problem.status.code >= 500 {
            context.logger.error("page failed", metadata: ["error": "\(error)"])
        }
        let page = MessagePage(frame: frame(problem.title, session), heading: problem.title, message: problem.detail)
        return templates.response(page, status: problem.status)
    }

    /// After a form went through: a 303 to `location`, with the notice for the session that sent it.
    func done(_ notice: WebNotice, to location: String, session: WebSession, request: Request) -> Response {
        var response = Self.redirect(location)
        response.setCookie(
            cookie(WebNotice.cookie, notice.value(for: session), request: request, maxAge: WebNotice.lifetime))
        return response
    }

    /// The notice's words: what the command did, as the story's history says it.
    func done(_ notice: WebNotice, in story: Story) -> String? {
        guard let index = story.events.firstIndex(where: { $0.version == notice.version }) else { return nil }
        return "Done: \(story.historyLines(time: time.format)[index]) (version \(notice.version))."
    }

    /// A notice is shown once: the page that shows it ends its cookie.
    func clearNotice(_ response: inout Response, request: Request) {
        response.setCookie(cookie(WebNotice.cookie, "", request: request, maxAge: 0))
    }

    /// A 303: after a post, the browser loads the page it names with a GET.
    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func pathAndQuery(_ request: Request) -> String {
        request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
    }

    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func same(_ given: String?, _ expected: String) -> Bool {
        guard let given, given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension HTTPField.Name {
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
