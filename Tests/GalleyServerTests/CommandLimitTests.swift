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

/// The rate at which one person may give commands, and the story page's bounded comments, in process over a real
/// database.
@Suite("Commands per person, and comments in pages")
struct CommandLimitTests {
    /// A server whose people may give `burst` commands at once and then almost none, with ana (reporter, signed
    /// in: her session's cookie and form token) and bo (editor, with a bearer token), and ana's story.
    func withApp(
        burst: Int = 1_000,
        _ body:
            @Sendable (
                _ client: any TestClientProtocol, _ story: String, _ ana: WebSession, _ cookie: String, _ bo: String
            )
            async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh { configuration in
            var server = GalleyServer(database: configuration)
            server.commandLimits.burst = burst
            server.commandLimits.perSecond = 0.01
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let newsroom = Newsroom(pool: pool)
            let ana = try await newsroom.users.add("ana", roles: [.reporter], by: "admin")
            _ = try await newsroom.users.add("bo", roles: [.editor], by: "admin")
            let signIn = WebSignIn(pool: pool)
            try await signIn.setPassword("ana", "correct horse battery", by: "admin")
            let (secret, session) = try await signIn.signIn(
                name: "ana", password: "correct horse battery", from: "127.0.0.1")
            let bo = try await TokenStore(pool: pool).issue(for: "bo", by: "admin").token
            let story = try await newsroom.draft(
                ArticleContent(headline: "Ferry", bylines: ["Ana"], body: ["Text."], slug: "ferry", desk: "city"),
                by: ana
            ).articleID
            for index in 0..<25 { try await newsroom.perform(.comment("Note \(index)"), on: story, by: ana) }
            let router = server.makeRouter(
                pool: pool, projections: ProjectionRunner(configuration: configuration),
                tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                feed: LogFeed(configuration: configuration, logger: server.logger),
                templates: try await WebTemplates.load())
            do {
                try await Application(router: router).test(.live) { client in
                    try await body(client, story, session, "galley_session=\(secret)", bo)
                }
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    @Test("past the burst, a comment from the web app is the form again with 429, and the API answers 429 too")
    func burst() async throws {
        try await withApp(burst: 2) { client, story, ana, cookie, bo in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/stories/\(story)/comment", method: .post, headers: form,
                    body: ByteBuffer(string: "csrf=\(ana.csrfToken)&text=Again")
                ) { response in #expect(response.status == .seeOther) }
            }
            try await client.execute(
                uri: "/stories/\(story)/comment", method: .post, headers: form,
                body: ByteBuffer(string: "csrf=\(ana.csrfToken)&text=Once+more")
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter].flatMap { Int($0) }.map { $0 >= 1 } == true)
                let page = String(buffer: response.body)
                #expect(page.contains("ana has given more commands than one person may (2 at once"))
                #expect(page.contains(#"action="/stories/\#(story)/comment""#))
            }
            // The bucket is the person's: bo has one of his own, which runs out the same way over the API.
            let json: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(bo)"]
            for expected in [HTTPResponse.Status.ok, .ok, .tooManyRequests] {
                try await client.execute(
                    uri: "/v1/articles/\(story)/comments", method: .post, headers: json,
                    body: ByteBuffer(string: #"{"text": "From bo"}"#)
                ) { response in
                    #expect(response.status == expected)
                    if expected == .tooManyRequests {
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(response.headers[.retryAfter] != nil)
                        #expect(String(buffer: response.body).contains("urn:galley:problem:too-many-commands"))
                    }
                }
            }
        }
    }

    @Test("the story page shows the latest 20 comments and links to the earlier ones")
    func commentPages() async throws {
        try await withApp { client, story, _, cookie, _ in
            try await client.execute(uri: "/stories/\(story)", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: #"<div class="comment">"#).count - 1 == 20)
                #expect(page.contains(">Note 5<") && page.contains(">Note 24<") && !page.contains(">Note 4<"))
                #expect(page.contains(#"<a href="/stories/\#(story)?comments_before=5#comments-title">5 earlier"#))
            }
            try await client.execute(
                uri: "/stories/\(story)?comments_before=5", method: .get, headers: [.cookie: cookie]
            ) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: #"<div class="comment">"#).count - 1 == 5)
                #expect(page.contains(">Note 0<") && page.contains(">Note 4<") && !page.contains(">Note 5<"))
                #expect(page.contains("The latest comments") && !page.contains("earlier comments"))
            }
            try await client.execute(
                uri: "/stories/\(story)?comments_before=many", method: .get, headers: [.cookie: cookie]
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("comments_before is a whole number"))
            }
        }
    }

    @Test("each person's bucket holds the burst and fills again at the sustained rate")
    func refill() async throws {
        var limits = CommandRateLimit.Limits()
        limits.burst = 2
        limits.perSecond = 10
        let rate = CommandRateLimit(limits: limits)
        try rate.admit("ana")
        try rate.admit("ana")
        let refused = #expect(throws: Problem.self) { try rate.admit("ana") }
        #expect(refused?.status == .tooManyRequests && refused?.type == "urn:galley:problem:too-many-commands")
        #expect(refused?.headers[.retryAfter] == "1")
        try rate.admit("bo")
        try await Task.sleep(for: .milliseconds(150))
        try rate.admit("ana")
    }
}
