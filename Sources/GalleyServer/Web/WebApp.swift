import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird

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
        web.get("search") { request, context in await page(request, context) { try await search(request, $0) } }
        web.get("public") { request, context in await publicRecord(request, context) }
        web.get("stories/new") { request, context in
            await page(request, context) { session in newStory(session, form: nil, error: nil) }
        }
        web.post("stories") { request, context in
            await posted(request, context) { session, form in try await draft(session, form) }
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

    // MARK: Signing in and out

    private func loginPage(
        _ request: Request, _ context: GalleyRequestContext, name: String = "", error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let next = RedirectTarget.path(request.uri.queryParameters["next"].map(String.init))
        if context.webSession != nil, error == nil { return Self.redirect(next) }
        // The cookie keeps its random value across reloads (one tab's form stays good while another loads); only
        // the server can make the form's token from it.
        let cookie: String? = request.cookies[Self.loginCookie]?.value
        let value = cookie.flatMap { SignInFormKey.isCookieValue($0) ? $0 : nil } ?? WebSignIn.randomHex()
        let token = formKey.token(for: value)
        var frame = frame("Sign in", nil)
        frame.error = error
        if request.uri.queryParameters["signed_out"] != nil { frame.notice = "You are signed out." }
        var response = templates.response(
            "login", LoginPage(frame: frame, name: name, next: next, token: token), status: status)
        response.setCookie(self.cookie(Self.loginCookie, value, request: request, maxAge: 3_600))
        return response
    }

    private func login(_ request: Request, _ context: GalleyRequestContext) async -> Response {
        do {
            let form = try await WebForm.read(request, context: context)
            guard formKey.accepts(form.text("token"), for: request.cookies[Self.loginCookie]?.value) else {
                return loginPage(
                    request, context, error: "The sign-in form had expired. It has been loaded again: try once more.",
                    status: .forbidden)
            }
            let name = form.text("name") ?? ""
            do {
                let address = proxies.client(
                    peer: context.channel.remoteAddress, forwardedFor: request.headers[values: .xForwardedFor])
                let (secret, session) = try await signIn.signIn(
                    name: name, password: form.fields["password"]?.first ?? "", from: address)
                context.logger.info(
                    "signed in", metadata: ["user": .string(session.user.name), "address": .string(address)])
                var response = Self.redirect(RedirectTarget.path(form.text("next")))
                response.setCookie(cookie(WebSessionMiddleware.cookie, secret, request: request, maxAge: nil))
                return response
            } catch let refusal as SignInRefusal {
                let (status, retryAfter): (HTTPResponse.Status, Int?) =
                    switch refusal {
                    case .wrongNameOrPassword: (.unauthorized, nil)
                    case .tooManyTries(let seconds): (.tooManyRequests, seconds)
                    case .tooManyAtOnce: (.tooManyRequests, 1)
                    case .busy: (.serviceUnavailable, 1)
                    }
                var response = loginPage(request, context, name: name, error: refusal.description, status: status)
                if let retryAfter { response.headers[.retryAfter] = "\(retryAfter)" }
                return response
            }
        } catch {
            return message(error, context: context, session: nil)
        }
    }

    /// A session or sign-in cookie: HttpOnly, SameSite=Lax, Secure when the request came over TLS.
    private func cookie(_ name: String, _ value: String, request: Request, maxAge: Int?) -> Cookie {
        let tls = secureCookies || request.headers[.forwardedProto]?.lowercased() == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: tls, httpOnly: true, sameSite: .lax)
    }

    // MARK: Pages

    private func board(_ request: Request, _ session: WebSession) async throws -> Response {
        let query = request.uri.queryParameters
        let desk = query["desk"].map { TextRule.trimmed(String($0)) } ?? ""
        let mine = query["mine"] != nil
        let assignee = mine ? session.user.name : query["assignee"].map { TextRule.trimmed(String($0)) } ?? ""
        for value in [desk, assignee] {
            if let problem = TextRule.problem(value, field: "a filter", maxLength: 200) {
                throw GalleyError.invalidInput(problem)
            }
        }
        var cursors: [String: String] = [:]
        if let column = query["column"], let after = query["after"] { cursors[String(column)] = String(after) }
        _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
        let seen = projections.progress.seen
        let position = seen > 0 ? seen : try await newsroom.store.head()
        let columns = try await readModels.board(
            recent: recentWindow, limit: 20, after: cursors, desk: desk.isEmpty ? nil : desk,
            assignee: assignee.isEmpty ? nil : assignee)
        let context = newsroom.context(for: session.user)
        var moves: [MoveKey: [(action: Action, to: Stage)]] = [:]
        let filters = [("desk", desk), ("assignee", mine ? "" : assignee), ("mine", mine ? "1" : "")]
            .filter { !$0.1.isEmpty }
        let page = BoardPage(
            frame: frame("Board", session, current: "board"), deskFilter: desk, assigneeFilter: mine ? "" : assignee,
            mine: mine,
            filtered: !filters.isEmpty, recentHours: Int(recentWindow.components.seconds / 3_600),
            columns: columns.map { column in
                BoardPage.Column(
                    name: column.name, title: Self.columnTitle(column.name), count: column.count,
                    cards: column.page.items.map { card($0, context: context, csrf: session.csrfToken, moves: &moves) },
                    more: column.page.next.map { next in
                        "/?" + Self.query(filters + [("column", column.name), ("after", next)])
                    })
            }, position: position)
        return templates.response("board", page)
    }

    private func card(
        _ summary: StorySummary, context: CommandContext, csrf: String,
        moves: inout [MoveKey: [(action: Action, to: Stage)]]
    ) -> BoardPage.Card {
        // A card's moves depend on the stage, on whether the user wrote it and on the embargo: asked of the
        // domain once for each such kind of card on the board, not once a card.
        let key = MoveKey(
            stage: summary.stage, isAuthor: summary.author == context.actor,
            embargoed: Publicity(stage: summary.stage, publicAt: summary.publicAt, at: context.now) == .embargoed)
        if moves[key] == nil {
            moves[key] = Article.moves(
                stage: summary.stage, author: summary.author, publicAt: summary.publicAt, context: context)
        }
        return BoardPage.Card(
            id: summary.id, slug: summary.slug, headline: summary.headline, desk: summary.desk,
            assignee: summary.assignee, author: summary.author, inStage: time.age(since: summary.stageSince),
            stageSince: time.format(summary.stageSince), openNote: summary.openNote,
            moves: (moves[key] ?? []).map { move in
                BoardPage.Move(
                    id: summary.id, action: move.action.rawValue, label: move.action.label, to: move.to.rawValue,
                    note: move.action.note?.label, noteField: move.action.note?.field,
                    needsTime: move.action == .publish, needsNote: move.action.note != nil,
                    plain: move.action.note == nil && move.action != .publish,
                    csrf: csrf, zone: time.zoneName)
            })
    }

    /// What a board card's moves depend on.
    struct MoveKey: Hashable {
        var stage: Stage
        var isAuthor: Bool
        var embargoed: Bool
    }

    static func columnTitle(_ name: String) -> String {
        switch name {
        case "embargoed": "Embargoed"
        case "published": "Recently published"
        case "spiked": "Recently spiked"
        case "retracted": "Recently retracted"
        default: Stage(rawValue: name)?.label ?? name
        }
    }

    private func search(_ request: Request, _ session: WebSession) async throws -> Response {
        let query = request.uri.queryParameters
        let words = query["q"].map { TextRule.trimmed(String($0)) } ?? ""
        let desk = query["desk"].map { TextRule.trimmed(String($0)) } ?? ""
        var filter = StoryFilter()
        if let stage = query["stage"].map(String.init), !stage.isEmpty {
            guard let known = Stage(rawValue: stage) else {
                throw GalleyError.invalidInput("choose a stage from the list")
            }
            filter.stage = known
        }
        if !desk.isEmpty { filter.desk = desk }
        var hits: [SearchPage.Hit] = []
        var more: String?
        if !words.isEmpty {
            _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
            let page = try await searchGate.run(for: session.user.name) {
                try await readModels.search(words, filter: filter, limit: 20, after: query["after"].map(String.init))
            }
            hits = page.items.map { hit in
                SearchPage.Hit(
                    id: hit.summary.id, slug: hit.summary.slug, headline: hit.summary.headline,
                    stage: hit.summary.stage.label, desk: hit.summary.desk, updated: time.format(hit.summary.updatedAt),
                    snippet: Segment.snippet(hit.snippet))
            }
            more = page.next.map { next in
                "/search?"
                    + Self.query(
                        [("q", words), ("stage", filter.stage?.rawValue ?? ""), ("desk", desk), ("after", next)]
                            .filter { !$0.1.isEmpty })
            }
        }
        let stages =
            [Choice(value: "", label: "Any stage", selected: filter.stage == nil)]
            + Stage.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == filter.stage) }
        let page = SearchPage(
            frame: frame(words.isEmpty ? "Search" : "Search: \(words)", session, current: "search"), query: words,
            stages: stages, desk: desk, hits: hits, searched: !words.isEmpty, more: more,
            none: !words.isEmpty && hits.isEmpty)
        return templates.response("search", page)
    }

    private func publicRecord(_ request: Request, _ context: GalleyRequestContext) async -> Response {
        do {
            _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
            let page = try await readModels.publicRecord(after: request.uri.queryParameters["after"].map(String.init))
            let stories = page.items.map { story in
                PublicPage.Story(
                    id: story.id, headline: story.headline, kicker: story.kicker,
                    bylines: story.bylines.joined(separator: ", "), publicAt: story.publicAt.map(time.format) ?? "",
                    body: story.body,
                    corrections: story.corrections.map {
                        Note(kind: $0.kind.label, text: $0.text, by: $0.by, at: time.format($0.at))
                    }, retracted: story.stage == Stage.retracted.rawValue, retraction: story.closingReason)
            }
            let frame = frame("Published stories", context.webSession, current: "public")
            return templates.response(
                "public",
                PublicPage(frame: frame, stories: stories, more: page.next.map { "/public?after=\($0)" }))
        } catch {
            return message(error, context: context, session: context.webSession)
        }
    }

    private func newStory(_ session: WebSession, form: WebForm?, error: String?, status: HTTPResponse.Status = .ok)
        -> Response
    {
        var frame = frame("New story", session, current: "new")
        frame.error = error
        let values: [String: String] = [
            "headline": form?.text("headline") ?? "", "kicker": form?.text("kicker") ?? "",
            "bylines": form?.fields["bylines"]?.first ?? session.user.byline, "desk": form?.text("desk") ?? "",
            "slug": form?.text("slug") ?? "", "body": form?.fields["body"]?.first ?? "",
            "caption": form?.text("caption") ?? "",
        ]
        return templates.response("new", ["frame": frame, "form": values] as [String: Any], status: status)
    }

    private func draft(_ session: WebSession, _ form: WebForm) async throws -> Response {
        let headline = form.text("headline") ?? ""
        let content = ArticleContent(
            headline: headline, kicker: form.text("kicker"), bylines: form.lines("bylines"),
            body: form.paragraphs("body") ?? [], slug: form.text("slug") ?? StoryText.slug(for: headline),
            desk: form.text("desk") ?? "", photoCaption: form.text("caption"))
        do {
            try commandRate.admit(session.user.name)
            let handled = try await newsroom.draft(content, by: session.user)
            projections.progress.saw(handled.positions.max() ?? 0)
            return Self.redirect("/stories/\(handled.articleID)?done=\(handled.version)")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            var response = newStory(session, form: form, error: problem.detail, status: problem.status)
            response.headers.append(contentsOf: problem.headers)
            return response
        }
    }

    private func story(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession) async throws
        -> Response
    {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        var frame = frame(story.article.content?.headline ?? id, session)
        if let done = request.uri.queryParameters["done"].flatMap({ Int64(String($0)) }),
            let event = story.events.first(where: { $0.version == done }),
            let summary = try? ArticleEvent.decode(event).summary
        {
            frame.notice = "Done: \(summary) (version \(done))."
        }
        var commentsBefore: Int?
        if let text = request.uri.queryParameters["comments_before"] {
            guard let value = Int(String(text)), value >= 0 else {
                throw GalleyError.invalidInput(
                    "comments_before is a whole number: how many comments come before the page")
            }
            commentsBefore = value
        }
        var page = StoryPage(story, frame: frame, user: session.user, time: time, commentsBefore: commentsBefore)
        page.position = max(projections.progress.seen, story.events.last?.position ?? 0)
        return templates.response("story", page)
    }

    /// A story form's post: the command it asks for, decided and appended; a refusal shows the page again with
    /// the rule's words beside the control, and the user's text kept.
    private func act(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession, _ form: WebForm)
        async throws -> Response
    {
        guard let action = Action(rawValue: try context.parameters.require("action")), action != .draft else {
            throw GalleyError.notFound("there is no such thing to do with a story")
        }
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        let loaded = form.text("version").flatMap { Int64($0) }
        do {
            try commandRate.admit(session.user.name)
            let command = try WebCommand.make(action, form: form, article: story.article, time: time)
            let handled = try await newsroom.perform(
                command, on: id, by: session.user, expectedVersion: action == .edit ? loaded : nil)
            projections.progress.saw(handled.positions.max() ?? 0)
            let anchor = [.addClaim, .recordVerdict, .confirmVerdict, .withdrawClaim].contains(action) ? "#claims" : ""
            return Self.redirect("/stories/\(id)?done=\(handled.version)\(anchor)")
        } catch {
            let problem = Problem(error)
            guard problem.status.code < 500 else { throw error }
            let now = try await newsroom.story(id)
            var edit: StoryPage.EditForm?
            var conflict: StoryPage.Conflict?
            if action == .edit {
                var change = WebCommand.change(form)
                if case .conflict = GalleyError.classify(error), let loaded {
                    let then = try await newsroom.story(id, through: max(1, min(loaded, now.article.version)))
                    conflict = Self.conflict(then: then, now: now, loaded: loaded)
                    // A field the person left as they loaded it takes the others' change; what they typed stays.
                    if let old = then.article.content, let new = now.article.content {
                        change = WebCommand.merge(change, loaded: old, now: new)
                    }
                }
                edit = StoryPage.EditForm(
                    headline: change.headline ?? "", kicker: change.kicker ?? "",
                    bylines: (change.bylines ?? []).joined(separator: "\n"), desk: change.desk ?? "",
                    caption: change.photoCaption ?? "",
                    body: (change.body ?? []).joined(separator: "\n\n"), version: now.article.version)
            }
            var frame = frame(now.article.content?.headline ?? id, session)
            frame.error =
                conflict == nil
                ? "\(action.label): \(problem.detail)"
                : "Someone else changed this story while you were editing; their changes are listed. The form "
                    + "holds your text where you changed it and theirs elsewhere: save again to keep it."
            var page = StoryPage(
                now, frame: frame, user: session.user, time: time, failure: (action, problem.detail), edit: edit,
                conflict: conflict)
            page.position = max(projections.progress.seen, now.events.last?.position ?? 0)
            var response = templates.response("story", page, status: problem.status)
            response.headers.append(contentsOf: problem.headers)
            return response
        }
    }

    /// What changed between the version an editor loaded and the story now, and who changed it.
    static func conflict(then: Story, now: Story, loaded: Int64) -> StoryPage.Conflict {
        let editors = Set(now.events.filter { $0.version > loaded }.compactMap { try? $0.actor() }).sorted()
        var changes: [StoryPage.FieldChange] = []
        if let old = then.article.content, let new = now.article.content {
            changes = DiffPage.changes(RevisionDiff(from: then.article.revision, old, to: now.article.revision, new))
        }
        return StoryPage.Conflict(
            loaded: loaded, now: now.article.version, by: editors.joined(separator: ", "), changes: changes)
    }

    private func history(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession) async throws
        -> Response
    {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        let query = request.uri.queryParameters
        var shown = story
        if let text = query["version"].map(String.init), !text.isEmpty {
            guard let version = Int64(text), version >= 1 else {
                throw GalleyError.invalidInput("a version is a whole number, 1 or more")
            }
            shown = try await newsroom.story(id, through: version)
        } else if let text = query["at"].map(String.init), !text.isEmpty {
            guard let moment = time.parse(text) else {
                throw GalleyError.invalidInput(
                    "a moment is a date and time such as 2026-12-01T14:05 (\(time.zoneName))")
            }
            shown = try await newsroom.story(id, at: moment)
        }
        let report = try await newsroom.store.verify(stream: ArticleHandler.stream(of: id))
        let page = HistoryPage(
            story: story, shownStory: shown, frame: frame("History: \(story.article.content?.headline ?? id)", session),
            time: time, report: report)
        return templates.response("history", page)
    }

    private func diff(_ request: Request, _ context: GalleyRequestContext, _ session: WebSession) async throws
        -> Response
    {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        let query = request.uri.queryParameters
        let latest = story.article.revision
        func revision(_ name: Substring, _ fallback: Int) throws -> Int {
            guard let text = query[name].map(String.init), !text.isEmpty else { return fallback }
            guard let value = Int(text) else { throw GalleyError.invalidInput("a revision is a whole number") }
            return value
        }
        let diff = try RevisionDiff(
            story, from: try revision("from", max(1, latest - 1)), to: try revision("to", latest))
        return templates.response(
            "diff",
            DiffPage(diff, story: story, frame: frame("Changes: \(story.article.content?.headline ?? id)", session)))
    }

    /// The story's events as a JSON-lines export with its header and manifest, for `galley verify --file` or
    /// `scripts/verify-chain.py` to check offline.
    private func export(_ context: GalleyRequestContext) async throws -> Response {
        let story = try await newsroom.story(named: try context.parameters.require("id"))
        let id = story.id
        var manifest = ExportManifest()
        var lines = [ExportManifest.headerLine(after: 0)]
        for event in story.events {
            lines.append(event.exportLine())
            manifest.add(event)
        }
        lines.append(manifest.trailerLine)
        var headers = HTTPFields()
        headers[.contentType] = "application/jsonl; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"story-\(id).jsonl\""
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
    }

    // MARK: The frame around every page, and errors

    private func frame(_ title: String, _ session: WebSession?, current: String = "") -> Frame {
        Frame(
            title: title, user: session.map { UserView($0.user) }, csrf: session?.csrfToken ?? "", zone: time.zoneName,
            current: current)
    }

    /// A page for someone signed in; a visitor is sent to sign in first, and comes back here after.
    private func page(
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
    private func posted(
        _ request: Request, _ context: GalleyRequestContext, _ body: (WebSession, WebForm) async throws -> Response
    ) async -> Response {
        guard let session = context.webSession else { return Self.redirect("/login") }
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
            return message(error, context: context, session: session)
        }
    }

    /// An error as a page: its status, and what to do, in words; an internal one says nothing of its insides.
    private func message(_ error: any Error, context: GalleyRequestContext, session: WebSession?) -> Response {
        let problem = Problem(error)
        if problem.status.code >= 500 {
            context.logger.error("page failed", metadata: ["error": "\(error)"])
        }
        let page = MessagePage(frame: frame(problem.title, session), heading: problem.title, message: problem.detail)
        return templates.response("message", page, status: problem.status)
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
