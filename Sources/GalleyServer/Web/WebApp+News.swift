import Coding
import Crypto
import Editorial
import Foundation
import Galley
import HTTPTypes
import Hummingbird

/// The public site: a page for each story on the public record at its permanent address, `/news/SLUG`, and an
/// index; for readers, with no sign-in, cacheable by a CDN, and changed at once by any public change.
extension WebApp {
    func registerNews(on router: some RouterMethods<GalleyRequestContext>) {
        // The index and the feeds, of every desk and of one: `/news`, `/news/feed.atom`, `/news/desk/city`, ...
        for prefix in ["news", "news/desk/:desk"] {
            router.get(RouterPath(prefix)) { request, context in
                await publicPage(request, context) {
                    let (page, desk) = try await record(request, context)
                    let here = NewsFeed.home(desk: desk)
                    let index = NewsIndexPage(
                        frame: frame(desk.map { "News: \($0)" } ?? "News", nil, current: "news"),
                        stories: page.items.map { NewsIndexPage.Entry($0, time: time) },
                        more: page.next.map { "\(here)?after=\($0)" })
                    let html = templates.render(index)
                    return cached(html, state: html, updated: nil, request: request)
                }
            }
            for (file, type) in [("feed.atom", "application/atom+xml"), ("feed.json", "application/feed+json")] {
                router.get(RouterPath(prefix + "/" + file)) { request, context in
                    await publicPage(request, context) {
                        let (page, desk) = try await record(request, context)
                        let feed = NewsFeed(
                            title: [site?.publisher ?? "News", desk].compactMap { $0 }.joined(separator: ": "),
                            base: site?.baseURL ?? "", desk: desk, stories: page.items, next: page.next)
                        let selfPath = Self.pathAndQuery(request)
                        let body =
                            file.hasSuffix(".atom")
                            ? feed.atom(selfPath: selfPath) : feed.json(selfPath: selfPath).canonicalText
                        return cached(body, type: type, state: body, updated: nil, request: request)
                    }
                }
            }
        }
        router.get("news/:slug") { request, context in
            await publicPage(request, context) {
                _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
                let slug = try context.parameters.require("slug")
                guard let story = try await readModels.publicStory(slug: slug) else {
                    throw GalleyError.notFound("there is no published story at this address")
                }
                // A page's tag is the story's public state and how this server renders it: a request that already
                // has it costs one row. Its time is that of its last public change, never of internal work.
                let state = story.state + " " + renderingFingerprint
                let updated = NewsFeed.updated(story.view)
                if let answer = notModified(state: state, updated: updated, request: request) { return answer }
                let page = NewsPage(
                    story.view, frame: frame(story.view.headline, nil, current: "news"), site: site, time: time)
                return cached(templates.render(page), state: state, updated: updated, request: request)
            }
        }
    }

    /// What besides a story's state makes its page: this build, the site's settings and the zone.
    var renderingFingerprint: String {
        [GalleyVersion.current, site?.baseURL ?? "", site?.publisher ?? "", time.zoneName].joined(separator: " ")
    }

    /// A page of the public record for an index or a feed: of one desk when the address names one.
    func record(_ request: Request, _ context: GalleyRequestContext) async throws -> (Page<StoryView>, String?) {
        // The router leaves a parameter as the address spells it: "Local%20news" is the desk "Local news".
        let desk = context.parameters.get("desk").map { $0.removingPercentEncoding ?? $0 }
        if let desk, let problem = TextRule.problem(desk, field: "the desk", maxLength: 200) {
            throw GalleyError.invalidInput(problem)
        }
        _ = try await projections.waitForReadModels(using: readModels.pool, timeout: readWait)
        let page = try await readModels.publicRecord(
            after: request.uri.queryParameters["after"].map(String.init), desk: desk)
        return (page, desk)
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
