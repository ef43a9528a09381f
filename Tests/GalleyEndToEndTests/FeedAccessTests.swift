import Coding
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing

/// Who may hold live feeds, how many, for how long, and what they carry.
@Suite("galley serve: live feeds per person")
struct FeedAccessTests {
    /// A fresh database with ana (reporter) and aud (auditor) and their tokens, and a server on it.
    func withServer(
        _ arguments: [String] = [],
        _ body: (_ ana: String, _ aud: String, ServerProcess, [String: String]) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let ana = try await CommandRun.userWithToken("ana", role: "reporter", environment: environment)
            let aud = try await CommandRun.userWithToken("aud", role: "auditor", environment: environment)
            let server = try await ServerProcess.start(environment: environment, arguments: arguments)
            do {
                try await body(ana, aud, server, environment)
            } catch {
                _ = await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
        }
    }

    @Test("a reporter's feed and events page never carry a user's stream; an auditor's do")
    func userStreamsByRole() async throws {
        try await withServer { ana, aud, server, environment in
            // The log: ana and aud added with their tokens (1 to 4), ana's story (5), a token issued (6), a comment.
            let reporter = HTTPClient(port: server.port, token: ana)
            let created = try await reporter.send(
                "POST", "/v1/articles", json: ["headline": "Ferry", "slug": "ferry", "desk": "city", "body": ["x"]])
            let id = try #require(created.json["id"] as? String)
            let issued = try await CommandRun.galley(
                ["tokens", "issue", "ana", "--label", "laptop"], environment: environment)
            #expect(issued.status == 0)
            _ = try await reporter.send("POST", "/v1/articles/\(id)/comments", json: ["text": "hi"])

            let seen = try await EventStreamClient.read(port: server.port, token: ana, count: 2)
            #expect(seen.map(\.id) == ["5", "7"])
            #expect(seen.allSatisfy { !$0.data.contains("\"stream\":\"user-") })
            let page = try await reporter.send("GET", "/v1/events?after=0&limit=100")
            let streams = (page.json["events"] as? [[String: Any]])?.compactMap { $0["stream"] as? String } ?? []
            #expect(streams == ["article-\(id)", "article-\(id)"] && page.json["next"] as? Int == 7)

            let audited = try await EventStreamClient.read(port: server.port, token: aud, count: 7)
            #expect(audited.map(\.id) == ["1", "2", "3", "4", "5", "6", "7"])
            #expect(audited[5].data.contains("\"stream\":\"user-ana\"") && audited[5].data.contains("laptop"))
            let auditorPage = try await HTTPClient(port: server.port, token: aud).send("GET", "/v1/events?after=0")
            #expect((auditorPage.json["events"] as? [[String: Any]])?.count == 7)
        }
    }

    @Test("one person may hold --max-streams-per-user feeds; the next is 429 with Retry-After, others still get one")
    func perPersonCap() async throws {
        try await withServer(["--max-streams-per-user", "3"]) { ana, aud, server, _ in
            let held = try await HeldStreams.open(count: 3, port: server.port, token: ana)
            #expect(held.statusLines == Array(repeating: "HTTP/1.1 200 OK", count: 3))
            let refused = try await HeldStreams.open(count: 1, port: server.port, token: ana)
            #expect(refused.statusLines == ["HTTP/1.1 429 Too Many Requests"])
            #expect(refused.heads[0].lowercased().contains("retry-after: 10"))
            #expect(refused.heads[0].contains("urn:galley:problem:too-many-streams-for-user"))
            #expect(refused.heads[0].contains("application/problem+json"))
            let other = try await HeldStreams.open(count: 1, port: server.port, token: aud)
            #expect(other.statusLines == ["HTTP/1.1 200 OK"])
            // A feed that hangs up gives its place back.
            held.close()
            var again = try await HeldStreams.open(count: 1, port: server.port, token: ana)
            for _ in 0..<50 where again.statusLines != ["HTTP/1.1 200 OK"] {
                try await Task.sleep(for: .milliseconds(100))
                again = try await HeldStreams.open(count: 1, port: server.port, token: ana)
            }
            #expect(again.statusLines == ["HTTP/1.1 200 OK"])
            again.close()
            other.close()
        }
    }

    /// Opens a feed as `token` and returns the connection once its head has come, with the head.
    static func openFeed(port: Int, token: String) async throws -> (RawConnection, String) {
        try await RawConnection.onThread {
            let client = try RawConnection(port: port)
            client.send(
                "GET /v1/events?after=0 HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer \(token)\r\n\r\n")
            return (client, client.read(until: { $0.contains("\r\n\r\n") }, timeout: .seconds(5)))
        }
    }

    /// What a feed receives until its response ends (the last chunk of a chunked body), for at most 5 s.
    static func untilEnd(_ client: RawConnection) async throws -> String {
        try await RawConnection.onThread {
            client.read(until: { $0.hasSuffix("\r\n0\r\n\r\n") }, timeout: .seconds(5))
        }
    }

    @Test("a feed ends when its token is revoked, and when its user is disabled")
    func credentialEnds() async throws {
        try await withServer { ana, aud, server, environment in
            let (reporter, reporterHead) = try await Self.openFeed(port: server.port, token: ana)
            let (auditor, auditorHead) = try await Self.openFeed(port: server.port, token: aud)
            #expect(reporterHead.hasPrefix("HTTP/1.1 200") && auditorHead.hasPrefix("HTTP/1.1 200"))
            let listed = try await CommandRun.galley(
                ["tokens", "list", "--user", "ana", "--json"], environment: environment)
            let tokenID = String(try #require(listed.output.firstMatch(of: /"id":"([^"]+)"/)?.1))
            let revoke = try await CommandRun.galley(["tokens", "revoke", tokenID], environment: environment)
            #expect(revoke.status == 0)
            let revoked = try await Self.untilEnd(reporter)
            #expect(revoked.hasSuffix("\r\n0\r\n\r\n"), "the feed of a revoked token did not end within 5 s")
            #expect(revoked.contains("event: credential-ended"), "\(revoked.suffix(300))")

            #expect(try await CommandRun.galley(["users", "disable", "aud"], environment: environment).status == 0)
            let disabled = try await Self.untilEnd(auditor)
            #expect(disabled.hasSuffix("\r\n0\r\n\r\n"), "the feed of a disabled user did not end within 5 s")
            #expect(disabled.contains("event: credential-ended"), "\(disabled.suffix(300))")
        }
    }

    @Test("40 feeds from 0 that never read hold a batch each, not the whole backlog")
    func backpressure() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let aud = try await CommandRun.userWithToken("aud", role: "auditor", environment: environment)
            let server = try await ServerProcess.start(
                environment: environment, arguments: ["--max-streams-per-user", "40"])
            // 24 MB of events, which the server's window then holds: what a feed from 0 has to catch up on.
            let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
            let store = EventStore(pool: pool)
            let text = String(repeating: "x", count: 8_000)
            for index in 0..<60 {
                try await store.append(
                    to: "bulk-\(index)", expected: .any,
                    events: Array(repeating: NewEvent(type: "Bulk", data: .string(text)), count: 50),
                    metadata: EventMetadata(actor: "test"))
            }
            await pool.close()
            let head = 3_002
            _ = try await EventStreamClient.read(port: server.port, token: aud, lastEventID: "\(head - 1)", count: 1)
            let before = try #require(server.residentBytes)
            let streams = try await HeldStreams.open(count: 40, port: server.port, token: aud)
            #expect(streams.statusLines.allSatisfy { $0 == "HTTP/1.1 200 OK" })
            try await Task.sleep(for: .seconds(3))
            let during = try #require(server.residentBytes)
            streams.close()
            try await Task.sleep(for: .seconds(2))
            let after = try #require(server.residentBytes)
            let grown = (during - before) / 1_048_576
            print(
                "backpressure: the server held \(before / 1_048_576) MB, \(during / 1_048_576) MB with 40 feeds from 0 "
                    + "that do not read, \(after / 1_048_576) MB after they hung up")
            #expect(grown < 200, "40 feeds that do not read grew the server by \(grown) MB")
            #expect(await server.stop() == 0)
        }
    }
}
