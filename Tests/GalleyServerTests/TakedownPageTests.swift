import Coding
import Editorial
import Foundation
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import GalleyServer

/// A story taken down (legal removal) leaves every public output at once: its address answers 410 Gone, the
/// indexes leave it out, the feeds carry a tombstone, exports cancel it; readers never see the reason.
@Suite("The public site after a takedown: 410, tombstones, new tags, and no word of the reason")
struct TakedownPageTests {
    static let reason = "Court order 2026/114: the ruling names a minor."

    @Test("a story taken down answers 410 with a page saying it was removed; feeds carry a tombstone; tags change")
    func takenDown() async throws {
        try await TestDatabase.withFresh { configuration in
            var server = GalleyServer(database: configuration)
            server.site = PublicSite(baseURL: "https://news.example.org/", publisher: "Example News")
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            do {
                let newsroom = Newsroom(pool: pool)
                var people: [String: User] = [:]
                for (name, role) in [("ana", Role.reporter), ("bo", .editor), ("cy", .factChecker), ("root", .admin)] {
                    try await newsroom.users.add(name, roles: [role], by: "admin")
                    people[name] = try await newsroom.users.actor(name)
                }
                let (ana, bo, cy, root) = (people["ana"]!, people["bo"]!, people["cy"]!, people["root"]!)
                var ids: [String] = []
                for (headline, moment) in [("Ferry runs all night", nil), ("Budget under embargo", Date() + 86_400)] {
                    let request = DraftRequest(
                        headline: headline, kicker: nil, bylines: ["Ana Reis"],
                        body: ["The ferry runs all night from Monday."], slug: nil, desk: "city", photoCaption: nil)
                    let id = try await newsroom.draft(request, by: ana).articleID
                    try await newsroom.perform(.submit, on: id, by: ana)
                    try await newsroom.perform(.sendToFactCheck, on: id, by: bo)
                    try await newsroom.perform(.approveWithNoClaims, on: id, by: cy)
                    try await newsroom.perform(.publish(at: moment), on: id, by: bo)
                    ids.append(id)
                }
                let (id, embargoed) = (ids[0], ids[1])
                let runner = ProjectionRunner(configuration: configuration)
                try await runner.catchUp(using: pool)
                let router = server.makeRouter(
                    pool: pool, projections: runner,
                    tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                    feed: LogFeed(configuration: configuration, logger: server.logger),
                    templates: try await WebTemplates.load())
                let slug = "ferry-runs-all-night"
                try await Application(router: router).test(.router) { client in
                    var tags: [String: String] = [:]
                    for path in ["/news/\(slug)", "/news/feed.atom", "/news/feed.json", "/news"] {
                        try await client.execute(uri: path, method: .get) { response in
                            #expect(response.status == .ok, "\(path)")
                            tags[path] = response.headers[.eTag]
                        }
                    }
                    try await newsroom.perform(.takedown(reason: Self.reason), on: id, by: root)
                    try await newsroom.perform(.takedown(reason: Self.reason), on: embargoed, by: bo)
                    try await runner.catchUp(using: pool)
                    // The page a reader (or a CDN holding the old tag) gets: gone, cacheable, saying only that.
                    try await client.execute(
                        uri: "/news/\(slug)", method: .get, headers: [.ifNoneMatch: tags["/news/\(slug)"] ?? ""]
                    ) { response in
                        let page = String(buffer: response.body)
                        #expect(response.status == .gone)
                        #expect(response.headers[.cacheControl] == "public, max-age=60, stale-while-revalidate=600")
                        #expect(response.headers[.eTag] != nil && response.headers[.eTag] != tags["/news/\(slug)"])
                        #expect(page.contains("This story was removed"))
                        #expect(!page.contains("Court order") && !page.contains("Ferry runs all night"))
                        #expect(!page.contains("The ferry runs all night from Monday."))
                    }
                    // Even its own new tag is answered with the 410, never a 304.
                    try await client.execute(uri: "/news/\(slug)", method: .get, headers: [.ifNoneMatch: "*"]) {
                        #expect($0.status == .gone)
                    }
                    try await client.execute(uri: "/news", method: .get) { response in
                        let page = String(buffer: response.body)
                        #expect(response.headers[.eTag] != tags["/news"])
                        #expect(!page.contains(slug) && page.contains("Nothing is published yet."))
                    }
                    try await client.execute(uri: "/news/feed.atom", method: .get) { response in
                        let atom = String(buffer: response.body)
                        #expect(response.headers[.eTag] != tags["/news/feed.atom"])
                        #expect(
                            atom.contains(
                                #"<at:deleted-entry ref="urn:galley:article:\#(id)""#
                                    + #" when="#))
                        // Named by its id alone: its address spells the headline's words.
                        #expect(!atom.contains(slug))
                        #expect(atom.contains("<at:comment>This story was removed.</at:comment>"))
                        #expect(!atom.contains("<entry>") && !atom.contains("Court order") && !atom.contains("Ferry"))
                        #expect(!atom.contains(embargoed))
                    }
                    try await client.execute(uri: "/news/feed.json", method: .get) { response in
                        let feed = String(buffer: response.body)
                        #expect(response.headers[.eTag] != tags["/news/feed.json"])
                        #expect(feed.contains(#""id":"urn:galley:article:\#(id)""#))
                        #expect(feed.contains(#""_galley":{"taken_down":true}"#))
                        #expect(feed.contains(#""title":"Removed""#))
                        #expect(feed.contains(#""content_text":"This story was removed.""#))
                        #expect(!feed.contains("Court order") && !feed.contains("Ferry") && !feed.contains(embargoed))
                        #expect(!feed.contains(slug))
                    }
                    // Taken down under embargo, it never becomes public: unknown to readers, now and later.
                    try await client.execute(uri: "/news/budget-under-embargo", method: .get) {
                        #expect($0.status == .notFound)
                    }
                }
                // Partners withdraw it: canceled, with none of its words.
                let ninjs = NinjsDocument.make(try await ReadModels(pool: pool).story(id)).canonicalText
                #expect(ninjs.contains(#""pubstatus":"canceled""#))
                #expect(!ninjs.contains("Ferry") && !ninjs.contains("bodies") && !ninjs.contains("Court order"))
                // The newsroom and its auditors keep it: the story, its reason, and the event in its history.
                let story = try await newsroom.story(id)
                #expect(story.article.stage == .takenDown && story.article.closingReason == Self.reason)
                #expect(story.article.content?.headline == "Ferry runs all night")
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }
}
