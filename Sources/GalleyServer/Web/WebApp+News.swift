import Coding
import Crypto
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import Postgres

/// The public site: a page for each story on the public record at its permanent address, `/news/SLUG`, and an
/// index; for readers, with no sign-in, cacheable by a CDN, and changed at once by any public change.
extension WebApp {
    func registerNews(on router: some RouterMethods<GalleyRequestContext>) {
        // The index and the feeds, of every desk and of one: `/news`, `/news/feed.atom`, `/news/desk/city`, ...
        for prefix in ["news", "news/desk/:desk"] {
            router.get(RouterPath(prefix)) { request, context in
                await publicPage(request, context) {
                    try await recordPage(request, context, kind: "index") { page, desk in
                        let here = NewsFeed.home(desk: desk)
                        let index = NewsIndexPage(
                            frame: frame(desk.map { "News: \($0)" } ?? "News", nil, current: "news"),
                            stories: page.items.map { NewsIndexPage.Entry($0.view, time: time) },
                            more: page.next.map { "\(here)?after=\($0)" })
                        return (templates.render(index), "text/html")
                    }
                }
            }
            for (file, type) in [("feed.atom", "application/atom+xml"), ("feed.json", "application/feed+json")] {
                router.get(RouterPath(prefix + "/" + file)) { request, context in
                    await publicPage(request, context) {
                        try await recordPage(request, context, kind: file) { page, desk in
                            let feed = NewsFeed(
                                title: [site?.publisher ?? "News", desk].compactMap { $0 }.joined(separator: ": "),
                                base: site?.baseURL ?? "", desk: desk, stories: page.items.map(\.view),
                                next: page.next, tombstoneWindow: publicCache.tombstoneWindow)
                            let selfPath = Self.pathAndQuery(request)
                            let body =
                                file.hasSuffix(".atom")
                                ? feed.atom(selfPath: selfPath) : feed.json(selfPath: selfPath).canonicalText
                            return (body, type)
                        }
                    }
                }
            }
        }
        router.get("news/:slug") { request, context in
            await publicPage(request, context) {
                let (readModels, _) = try await projections.current(readModels, timeout: readWait)
                let slug = try context.parameters.require("slug")
                // A request that already has the page costs one narrow row: the story is neither read nor rendered.
                // A story taken down is never 304, which would revalidate a page this address no longer has.
                if Self.isConditional(request), let state = try await readModels.publicStoryState(slug: slug),
                    state.stage != Stage.takenDown.rawValue,
                    let answer = notModified(state: storyTag(state), updated: lastModified(state), request: request)
                {
                    return answer
                }
                guard let story = try await readModels.publicStory(slug: slug) else {
                    throw GalleyError.notFound("there is no published story at this address")
                }
                if story.view.stage == Stage.takenDown.rawValue {
                    // Gone for good, and cacheable as such (a CDN keeps the 410 as it kept the page), with a tag of
                    // its own.
                    let page = NewsGonePage(
                        frame: frame("Removed", nil, current: "news"),
                        removedAt: story.view.stageSince.map(time.format) ?? "")
                    var headers = cacheHeaders(tag: Self.tag(storyTag(story.state)), updated: lastModified(story.state))
                    headers[.contentType] = "text/html; charset=utf-8"
                    return Response(
                        status: .gone, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: templates.render(page))))
                }
                var page = NewsPage(
                    story.view, frame: frame(story.view.headline, nil, current: "news"), site: site, time: time)
                if linksProofs {
                    page.proof = try await readModels.pool.withConnection { connection in
                        try await EventStore.position(
                            of: ArticleHandler.stream(of: story.view.id), version: story.view.version, on: connection)
                    }.map { "/log/proof/\($0)" }
                }
                return cached(
                    templates.render(page), state: storyTag(story.state), updated: lastModified(story.state),
                    request: request)
            }
        }
    }

    /// A story page's tag: the story's public state and how this server renders it. Its time is that of its last
    /// public change, never of internal work.
    func storyTag(_ state: PublicState) -> String { state.text + " " + renderingFingerprint }

    /// A story page's `Last-Modified`: its last public change, or this server's start when that is later, since a
    /// new version or new settings may render the same story otherwise (as its tag says).
    func lastModified(_ state: PublicState) -> Date { max(state.changedAt, startedAt) }

    /// A page of the public record as `kind` (the index, or a feed) shows it, from `render`; a conditional request
    /// whose page has not changed is answered 304 from the stories' states alone, before any story is read.
    func recordPage(
        _ request: Request, _ context: GalleyRequestContext, kind: String,
        render: (Page<PublicStory>, String?) throws -> (body: String, type: String)
    ) async throws -> Response {
        // The router leaves a parameter as the address spells it: "Local%20news" is the desk "Local news".
        let desk = context.parameters.get("desk").map { $0.removingPercentEncoding ?? $0 }
        if let desk, let problem = TextRule.problem(desk, field: "the desk", maxLength: 200) {
            throw GalleyError.invalidInput(problem)
        }
        let after = request.uri.queryParameters["after"].map(String.init)
        let (readModels, _) = try await projections.current(readModels, timeout: readWait)
        let now = Date()
        // Feeds carry the stories taken down after they were public, as tombstones; the index leaves them out.
        let takenDown = kind != "index"
        if Self.isConditional(request) {
            let states = try await readModels.publicRecordStates(
                after: after, desk: desk, takenDown: takenDown, now: now)
            let tag = recordTag(kind, states.items, next: states.next, now: now)
            if let answer = notModified(state: tag, updated: nil, request: request) { return answer }
        }
        let page = try await readModels.publicRecord(after: after, desk: desk, takenDown: takenDown, now: now)
        let (body, type) = try render(page, desk)
        let tag = recordTag(kind, page.items.map(\.state), next: page.next, now: now)
        return cached(body, type: type, state: tag, updated: nil, request: request)
    }

    /// The tag of a page of the public record: its kind, its stories' states (and, in a feed, which of them have
    /// left it as old tombstones), its next page and how this server renders it.
    func recordTag(_ kind: String, _ states: [PublicState], next: String?, now: Date) -> String {
        let stories = states.map { state in
            kind == "index"
                || NewsFeed.shows(
                    stage: state.stage, changedAt: state.changedAt, at: now, window: publicCache.tombstoneWindow)
                ? state.text : "-"
        }
        return ([kind] + stories + [next ?? "", renderingFingerprint]).joined(separator: "\n")
    }

    /// Whether the request holds a copy to be answered 304 for.
    static func isConditional(_ request: Request) -> Bool {
        request.headers[.ifNoneMatch] != nil || request.headers[.ifModifiedSince] != nil
    }

    /// What besides a story's state makes its page: this build, the site's settings and the zone.
    var renderingFingerprint: String {
        [GalleyVersion.current, site?.baseURL ?? "", site?.publisher ?? "", time.zoneName].joined(separator: " ")
    }

    /// A page for readers: its failures are pages too, and the session plays no part (the same for everyone).
    func publicPage(_ request: Request, _ context: GalleyRequestContext, _ body: () async throws -> Response)
        async -> Response
    {
        do {
            return try await body()
        } catch {
            return message(error, context: context, session: nil)
        }
    }

    /// A strong tag for a public state.
    static func tag(_ state: String) -> String {
        "\"" + Hex.encode(SHA256.hash(data: Data(state.utf8)).prefix(12)) + "\""
    }

    /// 304 when the request already holds `state` (If-None-Match), or, without a tag, nothing newer than
    /// `updated` (If-Modified-Since); nil: answer the page.
    func notModified(state: String, updated: Date?, request: Request) -> Response? {
        let tag = Self.tag(state)
        if let held = request.headers[.ifNoneMatch] {
            let tags = held.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard tags.contains(tag) || tags.contains("*") else { return nil }
        } else if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse), let updated {
            guard updated.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970 else { return nil }
        } else {
            return nil
        }
        return Response(status: .notModified, headers: cacheHeaders(tag: tag, updated: updated))
    }

    /// `body` (of media `type`) as a public page, with its tag, its time, and how long it may be kept; 304 for a
    /// request that already holds it.
    func cached(
        _ body: String, type: String = "text/html", state: String, updated: Date?, request: Request
    ) -> Response {
        if let answer = notModified(state: state, updated: updated, request: request) { return answer }
        var headers = cacheHeaders(tag: Self.tag(state), updated: updated)
        headers[.contentType] = type + "; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func cacheHeaders(tag: String, updated: Date?) -> HTTPFields {
        var headers = HTTPFields()
        headers[.cacheControl] = publicCache.header
        headers[.eTag] = tag
        if let updated { headers[.lastModified] = HTTPDate.format(updated) }
        return headers
    }
}
