import Coding
import Editorial
import EventStore
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import Transparency

@testable import GalleyServer

/// The public site in process, on a fresh database: a story's permanent page, its caching, and what it tells
/// search engines.
@Suite("The public site: a page per public story, cacheable, changed at once by any public change")
struct NewsPageTests {
    @Test(
        "a public story's page carries its canonical address, structured data and cache headers; 304 until it changes")
    func storyPage() async throws {
        try await TestDatabase.withFresh { configuration in
            var server = GalleyServer(database: configuration)
            server.site = PublicSite(baseURL: "https://news.example.org/", publisher: "Example News")
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            do {
                let newsroom = Newsroom(pool: pool)
                var people: [String: User] = [:]
                for (name, role) in [("ana", Role.reporter), ("bo", .editor), ("cy", .factChecker)] {
                    try await newsroom.users.add(name, roles: [role], by: "admin")
                    people[name] = try await newsroom.users.actor(name)
                }
                let (ana, bo, cy) = (people["ana"]!, people["bo"]!, people["cy"]!)
                var ids: [String] = []
                for (headline, moment) in [
                    ("Ferry </script><b>runs</b> all night", nil), ("Budget under embargo", Date() + 86_400),
                ] {
                    let request = DraftRequest(
                        headline: headline, kicker: nil, bylines: ["Ana Reis"],
                        body: ["The ferry runs all night from Monday."], slug: nil, desk: "city", photoCaption: nil)
                    let handled: HandledCommand = try await newsroom.draft(request, by: ana)
                    let id = handled.articleID
                    try await newsroom.perform(.submit, on: id, by: ana)
                    try await newsroom.perform(.sendToFactCheck, on: id, by: bo)
                    try await newsroom.perform(.approveWithNoClaims, on: id, by: cy)
                    try await newsroom.perform(.publish(at: moment), on: id, by: bo)
                    ids.append(id)
                }
                let id = ids[0]
                let runner = ProjectionRunner(configuration: configuration)
                try await runner.catchUp(using: pool)
                let router = server.makeRouter(
                    pool: pool, projections: runner,
                    tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                    feed: LogFeed(configuration: configuration, logger: server.logger),
                    templates: try await WebTemplates.load())
                let slug = "ferry-script-b-runs-b-all-night"
                try await Application(router: router).test(.router) { client in
                    var (tag, modified) = ("", "")
                    var proofPath: String?
                    try await client.execute(uri: "/news/\(slug)", method: .get) { response in
                        let page = String(buffer: response.body)
                        #expect(response.status == .ok)
                        #expect(response.headers[.cacheControl] == "public, max-age=60, stale-while-revalidate=600")
                        tag = response.headers[.eTag] ?? ""
                        #expect(tag.hasPrefix("\"") && !tag.hasPrefix("W/"))
                        modified = response.headers[.lastModified] ?? ""
                        #expect(modified.hasSuffix(" GMT"))
                        #expect(page.contains(#"<link rel="canonical" href="https://news.example.org/news/\#(slug)">"#))
                        #expect(page.contains(#""@type":"NewsArticle""#))
                        #expect(page.contains(#""publisher":{"@type":"Organization","name":"Example News"}"#))
                        // Typed text cannot end the structured data's script, nor become markup on the page.
                        #expect(page.components(separatedBy: "</script>").count == 2)
                        #expect(page.contains(#"\u003c/script\u003e"#))
                        #expect(page.contains("Ferry &lt;/script&gt;&lt;b&gt;runs&lt;/b&gt; all night"))
                        proofPath = page.firstMatch(of: /href="(\/log\/proof\/\d+)" download/).map { String($0.1) }
                    }
                    // The page links the proof of its revision, the story's latest event; once the tree is built and
                    // signed, that proof checks against the event's hash.
                    let latest = try await pool.withConnection {
                        try await EventStore.position(of: "article-\(id)", version: nil, on: $0)
                    }
                    #expect(proofPath == latest.map { "/log/proof/\($0)" })
                    try await LogTreeBuilder(configuration: configuration).catchUp()
                    let signer = try NoteSigner.generate(name: "news.example.org/log")
                    _ = try await pool.withConnection { try await LogCheckpointer(signer: signer).sign(on: $0) }
                    try await client.execute(uri: proofPath ?? "/log/proof/1", method: .get) { response in
                        #expect(response.status == .ok)
                        let proof = try TlogProof(parsing: String(buffer: response.body))
                        let hash = try await pool.withConnection {
                            try await EventStore.hashes(at: [latest ?? 0], on: $0)
                        }
                        #expect(
                            throws: Never.self,
                            performing: {
                                try TlogProof.verify(
                                    proof: proof, entry: hash.first ?? [], verifiers: [signer.verifier], witnesses: [],
                                    quorum: 0)
                            })
                    }
                    try await client.execute(uri: "/log/proof/007", method: .get) { response in
                        #expect(response.status == .notFound)
                    }
                    try await client.execute(
                        uri: "/news/\(slug)", method: .get, headers: [.ifNoneMatch: tag]
                    ) { response in
                        #expect(response.status == .notModified)
                        #expect(response.body.readableBytes == 0)
                    }
                    // Without a tag, the time of the last public change answers the same.
                    try await client.execute(
                        uri: "/news/\(slug)", method: .get, headers: [.ifModifiedSince: modified]
                    ) { response in
                        #expect(response.status == .notModified)
                    }
                    #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
                    #expect(
                        HTTPDate.format(Date(timeIntervalSince1970: 784_111_777.9)) == "Sun, 06 Nov 1994 08:49:37 GMT")
                    #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
                    #expect(HTTPDate.parse("Sun, 9223372036854775807 Nov 1994 08:49:37 GMT") == nil)
                    #expect(HTTPDate.parse("Sun, 06 Nov 1994 99:49:37 GMT") == nil)
                    // A correction changes the page and its tag at once.
                    try await newsroom.perform(
                        .correct(kind: .correction, text: "The ferry starts on Tuesday.", change: ContentChange()),
                        on: id, by: bo)
                    try await runner.catchUp(using: pool)
                    try await client.execute(
                        uri: "/news/\(slug)", method: .get, headers: [.ifNoneMatch: tag]
                    ) { response in
                        #expect(response.status == .ok)
                        #expect(response.headers[.eTag] != tag)
                        #expect(String(buffer: response.body).contains("The ferry starts on Tuesday."))
                    }
                    // The feeds carry it, its update time moved by the correction.
                    var feedTag = ""
                    try await client.execute(uri: "/news/feed.atom", method: .get) { response in
                        feedTag = response.headers[.eTag] ?? ""
                        let atom = String(buffer: response.body)
                        #expect(response.headers[.contentType] == "application/atom+xml; charset=utf-8")
                        #expect(atom.contains("<entry><id>urn:galley:article:\(id)</id>"))
                        #expect(atom.contains(#"href="https://news.example.org/news/\#(slug)""#))
                        #expect(atom.contains("The ferry starts on Tuesday."))
                        #expect(!atom.contains("budget-under-embargo"))
                    }
                    try await client.execute(uri: "/news/feed.json", method: .get) { response in
                        let feed = String(buffer: response.body)
                        #expect(response.headers[.contentType] == "application/feed+json; charset=utf-8")
                        #expect(feed.contains(#""version":"https://jsonfeed.org/version/1.1""#))
                        #expect(feed.contains(#""id":"urn:galley:article:\#(id)""#))
                    }
                    // A desk's index and feeds hold its stories only.
                    try await client.execute(uri: "/news/desk/city", method: .get) { response in
                        #expect(String(buffer: response.body).contains(#"<a href="/news/\#(slug)">"#))
                    }
                    try await client.execute(uri: "/news/desk/sport/feed.atom", method: .get) { response in
                        let atom = String(buffer: response.body)
                        #expect(atom.contains("<title>Example News: sport</title>") && !atom.contains("<entry>"))
                    }
                    try await client.execute(uri: "/news/desk/city/feed.json", method: .get) { response in
                        #expect(String(buffer: response.body).contains(#""id":"urn:galley:article:\#(id)""#))
                    }
                    // A feed or an index already held is 304, decided on the stories' states alone.
                    try await client.execute(
                        uri: "/news/feed.atom", method: .get, headers: [.ifNoneMatch: "\"other\", " + feedTag]
                    ) { response in
                        #expect(response.status == .notModified && response.headers[.eTag] == feedTag)
                    }
                    var indexTag = ""
                    try await client.execute(uri: "/news/desk/city", method: .get) { response in
                        indexTag = response.headers[.eTag] ?? ""
                    }
                    try await client.execute(
                        uri: "/news/desk/city", method: .get, headers: [.ifNoneMatch: indexTag]
                    ) { response in
                        #expect(response.status == .notModified)
                    }
                    #expect(indexTag != feedTag)
                    // Retracted: the page stays, with the retraction and its reason in place of the body.
                    try await newsroom.perform(.retract(reason: "The council withdrew the vote."), on: id, by: bo)
                    try await runner.catchUp(using: pool)
                    try await client.execute(uri: "/news/\(slug)", method: .get) { response in
                        let page = String(buffer: response.body)
                        #expect(page.contains("This story was retracted: <span dir=\"auto\">The council withdrew"))
                        #expect(!page.contains("The ferry runs all night from Monday."))
                    }
                    for (path, held) in [("/news/feed.atom", feedTag), ("/news/desk/city", indexTag)] {
                        try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: held]) { response in
                            #expect(response.status == .ok && response.headers[.eTag] != held, "\(path)")
                        }
                    }
                    // In the feeds, a tombstone (RFC 6721) in place of the entry.
                    try await client.execute(uri: "/news/feed.atom", method: .get) { response in
                        let atom = String(buffer: response.body)
                        #expect(atom.contains(#"<at:deleted-entry ref="urn:galley:article:\#(id)""#))
                        #expect(!atom.contains("<entry>"))
                    }
                    // Embargoed and unknown stories are not there for readers.
                    for path in ["/news/budget-under-embargo", "/news/no-such-story", "/news/Not%20A%20Slug"] {
                        try await client.execute(uri: path, method: .get) { response in
                            #expect(response.status == .notFound, "\(path)")
                        }
                    }
                    try await client.execute(uri: "/news", method: .get) { response in
                        let page = String(buffer: response.body)
                        #expect(page.contains(#"<a href="/news/\#(slug)">"#))
                        #expect(!page.contains("budget-under-embargo"))
                    }
                }
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    @Test("a feed shows a withdrawn story as a tombstone within its window only, and a public story always")
    func tombstoneWindow() {
        let now = Date()
        let day: TimeInterval = 86_400
        #expect(NewsFeed.shows(stage: "retracted", changedAt: now - day, at: now, window: 2 * day))
        #expect(!NewsFeed.shows(stage: "retracted", changedAt: now - 3 * day, at: now, window: 2 * day))
        #expect(NewsFeed.shows(stage: "published", changedAt: now - 300 * day, at: now, window: 0))
        #expect(NewsFeed.shows(stage: "taken_down", changedAt: now - day, at: now, window: 2 * day))
        #expect(!NewsFeed.shows(stage: "taken_down", changedAt: now - 3 * day, at: now, window: 2 * day))
    }

}
