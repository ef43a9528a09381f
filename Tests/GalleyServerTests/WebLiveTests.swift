import Editorial
import Foundation
import Galley
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import GalleyServer

/// The web app's live feed (`/live`) in process, with the log's feed running and a heartbeat of 300 ms.
@Suite("The web app's live feed ends with its session")
struct WebLiveTests {
    /// ana (reporter) signed in, the server's router with its feed running, and what the test does meanwhile.
    func withLiveFeed(
        _ body:
            @Sendable (
                _ port: Int, _ pool: ConnectionPool, _ secret: String,
                _ opened: @escaping @Sendable () async throws -> Void
            ) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh { configuration in
            let server = GalleyServer(database: configuration)
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            _ = try await Newsroom(pool: pool).users.add("ana", roles: [.reporter], by: "admin")
            let signIn = WebSignIn(pool: pool)
            try await signIn.setPassword("ana", "correct horse battery", by: "admin")
            let (secret, _) = try await signIn.signIn(name: "ana", password: "correct horse battery", from: "127.0.0.1")
            var limits = LogFeed.Limits()
            limits.heartbeat = .milliseconds(300)
            let feed = LogFeed(configuration: configuration, limits: limits, logger: server.logger)
            let router = server.makeRouter(
                pool: pool, projections: ProjectionRunner(configuration: configuration),
                tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration), feed: feed,
                templates: try await WebTemplates.load())
            do {
                try await Application(router: router, services: [feed]).test(.live) { client in
                    // Until the feed holds its place: what the test does to the session must come after.
                    let opened: @Sendable () async throws -> Void = {
                        while feed.openFeeds == 0 { try await Task.sleep(for: .milliseconds(20)) }
                    }
                    try await body(try #require(client.port), pool, secret, opened)
                }
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    @Test("setting the password again ends a reporter's /live, which never carried a user's stream")
    func passwordSetEndsFeed() async throws {
        try await withLiveFeed { port, pool, secret, opened in
            let (heard, hearing) = AsyncStream.makeStream(of: Void.self)
            try await Self.whileFeedRuns {
                try await opened()
                let ana = try #require(try await Newsroom(pool: pool).users.find("ana"))
                _ = try await Newsroom(pool: pool).draft(
                    ArticleContent(headline: "Ferry", bylines: ["Ana"], body: ["Text."], slug: "ferry", desk: "city"),
                    by: ana)
                // The password changes once the reader holds the draft, however long a loaded machine takes.
                for await _ in heard { break }
                try await WebSignIn(pool: pool).setPassword("ana", "another horse battery", by: "admin")
            } feed: {
                let text = try await Self.readFeed(port: port, path: "/live?after=0", secret: secret) { text in
                    if text.contains(#""stream":"article-"#) { hearing.yield() }
                }
                hearing.finish()
                #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(text)")
                let story = try #require(text.range(of: #""stream":"article-"#), "\(text)")
                let ended = try #require(text.range(of: Self.credentialEnded), "\(text)")
                #expect(story.upperBound <= ended.lowerBound)
                #expect(!text.contains(#""stream":"user-"#), "\(text)")
            }
        }
    }

    @Test("signing out ends /live at the next heartbeat")
    func signOutEndsFeed() async throws {
        try await withLiveFeed { port, pool, secret, opened in
            let clock = ContinuousClock()
            let start = clock.now
            try await Self.whileFeedRuns {
                try await opened()
                try await WebSignIn(pool: pool).signOut(secret)
            } feed: {
                let text = try await Self.readFeed(port: port, path: "/live", secret: secret) { _ in }
                #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(text)")
                #expect(text.contains(Self.credentialEnded), "\(text)")
            }
            #expect(clock.now - start < .seconds(30), "the feed ends at a heartbeat after the sign-out, not never")
        }
    }

    /// The event that ends a feed whose credential no longer holds.
    static let credentialEnded =
        "event: credential-ended\ndata: {\"reason\":\"the credential that opened this feed no longer holds\"}\n\n"

    /// The answer to a GET of `path` with `secret`'s cookie, as it arrives (`arrived` hears the text so far),
    /// up to the event that ends it. Not the testing framework's own client: that one hands over the answer only
    /// once it is whole, and gives a request 20 s, which a feed that waits for a bcrypt hash can outlast when
    /// every suite runs.
    static func readFeed(
        port: Int, path: String, secret: String, arrived: @escaping @Sendable (String) -> Void
    ) async throws -> String {
        try await EventStreamClient.read(
            port: port, path: path, headers: ["Cookie: galley_session=\(secret)"], timeout: .seconds(120)
        ) { text in
            arrived(text)
            return text.contains(credentialEnded)
        }
    }

    /// Reads the feed while `changes` runs; a failure of `changes` is the one reported (the feed, left open,
    /// would otherwise only say that it timed out).
    static func whileFeedRuns(
        _ changes: @escaping @Sendable () async throws -> Void, feed: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(operation: changes)
            group.addTask(operation: feed)
            try await group.waitForAll()
        }
    }
}
