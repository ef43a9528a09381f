import Coding
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What one request or one story can do to everyone: nothing a client sends stops the server or answers 5xx,
/// and no story can stop the read models.
@Suite("galley serve: hostile input and poison stories")
struct HostileInputTests {
    /// Cursors no list gives: the time of the first report (-2^63, which crashed the server), the other end,
    /// times past year 9999, not numbers, base64 that is not text, NUL, and an overlong token.
    static let cursors: [String] = [
        "LTkyMjMzNzIwMzY4NTQ3NzU4MDgKeA",
        token("9223372036854775807\nx"), token("253402300800000000\nx"), token("nan\nx"), token("1e308\nx"),
        token("-inf\nx"), token("12\u{0}\nx"), token("1\nx\ny"), "%00", "////", "A", String(repeating: "Q", count: 500),
        "9223372036854775808", "-1",
    ]

    static func token(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A fresh database with an admin, a server, and one drafted story.
    func withStory(
        arguments: [String] = [],
        _ body: (HTTPClient, ServerProcess, [String: String], ConnectionConfiguration, String) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let token = try await CommandRun.userWithToken("bo", role: "admin", environment: environment)
            let server = try await ServerProcess.start(environment: environment, arguments: arguments)
            let bo = HTTPClient(port: server.port, token: token)
            let created = try await bo.send(
                "POST", "/v1/articles",
                json: [
                    "headline": "Tram works", "slug": "tram", "desk": "city", "body": ["Tram works close the bridge."],
                ])
            do {
                try await body(bo, server, environment, configuration, try #require(created.json["id"] as? String))
            } catch {
                _ = await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
        }
    }

    @Test("hostile cursors, numbers, times and control characters on every paged route: 4xx, and the server lives")
    func hostileQueries() async throws {
        try await withStory { bo, _, _, _, id in
            let anonymous = HTTPClient(port: bo.base.port!)
            var paths: [String] = []
            for cursor in Self.cursors {
                let after = cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let escaped = cursor == "%00" ? cursor : after
                paths += [
                    "/v1/articles?after=\(escaped)", "/v1/search?q=tram&after=\(escaped)",
                    "/v1/board?column=draft&after=\(escaped)", "/v1/board?column=published&after=\(escaped)",
                    "/v1/articles/\(id)/history?after=\(escaped)", "/v1/events?after=\(escaped)",
                    "/news?after=\(escaped)",
                ]
            }
            paths += [
                "/v1/articles?limit=99999999999999999999", "/v1/articles?limit=-1", "/v1/articles?limit=0",
                "/v1/articles/\(id)?version=9223372036854775807", "/v1/articles/\(id)?version=-9223372036854775808",
                "/v1/articles/\(id)?at=9999-12-31T23:59:59Z", "/v1/articles/\(id)?at=0000-01-01T00:00:00Z",
                "/v1/articles?updated_after=0000-01-01T00:00:00Z", "/v1/articles?published_before=9999-12-31T23:59:60Z",
                "/v1/articles/\(id)/diff?from=-9223372036854775808&to=9223372036854775807",
                "/v1/articles/\(id)/history?limit=99999999999999999999", "/v1/events?limit=99999999999999999999",
                "/v1/search?prefix=%00", "/v1/search?q=%00", "/v1/search?q=tram&desk=%00", "/v1/articles?desk=a%00b",
                "/v1/articles/%00", "/v1/search?q=" + String(repeating: "%22a+b%22+", count: 9),
            ]
            // The time of the first report, on each list keyed by time, is refused as not the list's.
            let first = Self.cursors[0]
            let refused = [
                "/v1/articles?after=\(first)", "/v1/board?column=draft&after=\(first)", "/news?after=\(first)",
                "/v1/search?prefix=%00", "/v1/search?q=%00", "/v1/articles/%00", "/v1/articles?limit=0",
                "/v1/search?q=tram&after=\(Self.token("nan\nx"))",
            ]
            for path in paths {
                let status: Int
                if path.hasPrefix("/news") {
                    // The web app's pages are not in the API's document: plain URLSession, no contract check.
                    let url = URL(string: path, relativeTo: bo.base)!
                    let (_, response) = try await URLSession.shared.data(from: url)
                    status = (response as? HTTPURLResponse)?.statusCode ?? 0
                } else {
                    status = try await bo.send("GET", path).status
                }
                // Some are values a client may send (a far time, a rank past every story's): any answer but 5xx.
                let expected = refused.contains(path) ? 400..<500 : 200..<500
                #expect(expected.contains(status), "GET \(path) answered \(status)")
            }
            #expect(try await anonymous.send("GET", "/healthz").status == 200)
        }
    }

    /// One raw request on a connection of its own; the status of its answer.
    static func status(_ port: Int, _ head: String, body: String = "") async throws -> Int {
        let reply = try await RawConnection.onThread {
            let connection = try RawConnection(port: port)
            connection.send(head + "Connection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
            return connection.readToEnd(timeout: .seconds(10)).text
        }
        return Int(reply.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test("hostile headers and signed-out forms: no 5xx, and the server lives")
    func hostileHeadersAndForms() async throws {
        try await withStory { bo, _, _, _, id in
            let port = bo.base.port!
            let bearer = "Authorization: Bearer \(bo.token!)\r\n"
            let comment = "POST /v1/articles/\(id)/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            let heads: [(String, String)] = [
                (comment + bearer + "If-Match: \"99999999999999999999\"\r\n", #"{"text":"x"}"#),
                (comment + bearer + "If-Match: \"-9223372036854775808\", W/\"x\"\r\n", #"{"text":"x"}"#),
                (comment + bearer + "Idempotency-Key: \(String(repeating: "k", count: 300))\r\n", #"{"text":"x"}"#),
                (comment + bearer + "Idempotency-Key: a\u{1}b\r\n", #"{"text":"x"}"#),
                ("GET /v1/events HTTP/1.1\r\nHost: x\r\n" + bearer + "Last-Event-ID: 99999999999999999999\r\n", ""),
                ("GET /v1/events HTTP/1.1\r\nHost: x\r\n" + bearer + "Last-Event-ID: -1\r\n", ""),
                (
                    "GET /v1/events HTTP/1.1\r\nHost: x\r\n" + bearer + "Accept: text/event-stream;q=nan, */*;q=-1\r\n",
                    ""
                ),
                (
                    "GET /v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(String(repeating: "t", count: 6_000))\r\n",
                    ""
                ),
                ("GET /v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %00\r\n", ""),
                (
                    "GET / HTTP/1.1\r\nHost: x\r\nCookie: galley_session=%00; galley_session=\(String(repeating: "s", count: 4_000))\r\n",
                    ""
                ),
                ("GET /public HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ::::, 999.1.1.1, \u{7f}\r\n", ""),
                (
                    "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                    "name=%00&password=\(String(repeating: "p", count: 100_000))&token=x&next=%2F%2Fevil"
                ),
                (
                    "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                    "%zz=%zz&&=="
                ),
                ("POST /stories HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\r\n", "--\r\n"),
                (
                    "POST /stories/\(id)/publish HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n",
                    "at=99999-01-01T00:00"
                ),
            ]
            for (head, body) in heads {
                let status = try await Self.status(port, head, body: body)
                #expect((200..<500).contains(status), "\(head.prefix(60)) answered \(status)")
            }
            #expect(try await bo.send("GET", "/healthz").status == 200)
        }
    }

    @Test("a story as large as a request may be, 60,000 distinct words, is taken, listed and found")
    func largestStory() async throws {
        try await withStory { bo, _, _, _, _ in
            // Paragraphs under the paragraph limit; words no dictionary stems together, so each is a lexeme.
            var counter = 0
            let paragraphs = (0..<60).map { _ in
                (0..<1_000).map { _ in
                    counter += 1
                    return "q\(String(counter, radix: 36))z"
                }.joined(separator: " ")
            }
            let created = try await bo.send(
                "POST", "/v1/articles",
                json: ["headline": "Everything", "slug": "everything", "desk": "city", "body": paragraphs])
            #expect(created.status == 201)
            // A list waits 2 s for the projections; one that runs beside the whole suite may need longer to
            // index 60,000 words, so the list is asked again until it shows the story.
            var listed = try await bo.send("GET", "/v1/articles?limit=10")
            let deadline = ContinuousClock.now + .seconds(90)
            func shown() -> Bool { listed.items.contains { $0["slug"] as? String == "everything" } }
            while !shown(), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                listed = try await bo.send("GET", "/v1/articles?limit=10")
            }
            #expect(listed.status == 200)
            #expect(shown())
            let found = try await bo.send("GET", "/v1/search?q=q1z")
            #expect(found.items.map { $0["slug"] as? String } == ["everything"])
            let ready = try await bo.send("GET", "/readyz")
            #expect(ready.status == 200)
            #expect((ready.json["passed_over"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("an event a projection cannot apply parks its story: named by /readyz and projections status, others go on")
    func poisonEvent() async throws {
        try await withStory { bo, _, environment, configuration, _ in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            let store = EventStore(pool: pool)
            // A draft whose data no version of Galley wrote: the fold cannot decode it.
            try await store.append(
                to: "article-poison", expected: .noStream,
                events: [NewEvent(type: "ArticleDrafted", data: .object(["headline": .int(7)]))],
                metadata: EventMetadata(actor: "bo"))
            await pool.close()
            let after = try await bo.send(
                "POST", "/v1/articles",
                json: ["headline": "After the poison", "slug": "after", "desk": "city", "body": ["Still served."]])
            #expect(after.status == 201)
            let listed = try await bo.send("GET", "/v1/articles")
            #expect(listed.status == 200)
            #expect(listed.items.contains { $0["slug"] as? String == "after" })
            #expect(try await bo.send("GET", "/v1/board").status == 200)

            let ready = try await bo.send("GET", "/readyz")
            #expect(ready.status == 200)
            let passedOver = ready.json["passed_over"] as? [[String: Any]] ?? []
            #expect(
                Set(passedOver.compactMap { $0["projection"] as? String }) == [
                    "articles", "board", "claims", "published", "inbox",
                ])
            #expect(passedOver.allSatisfy { $0["stream"] as? String == "article-poison" })
            #expect(passedOver.allSatisfy { $0["type"] as? String == "ArticleDrafted" })

            let status = try await CommandRun.galley(["projections", "status"], environment: environment)
            #expect(status.status == 0)
            #expect(status.output.contains("passed over since"))
            #expect(status.output.contains("(ArticleDrafted of article-poison)"))

        }
    }
}
