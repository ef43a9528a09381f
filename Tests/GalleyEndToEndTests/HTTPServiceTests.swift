import Foundation
import Postgres
import TestSupport
import Testing

/// The HTTP service over loopback, driven by a real HTTP client with the users' own tokens.
@Suite("galley serve")
struct HTTPServiceTests {
    /// A fresh database with four people and their tokens, and a server on it.
    func withServer(
        maxBodySize: Int? = nil, _ body: ([String: HTTPClient], ServerProcess, [String: String]) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            var clients: [String: HTTPClient] = [:]
            var tokens: [String: String] = [:]
            for (name, role) in [("ana", "reporter"), ("bo", "editor"), ("cy", "fact_checker"), ("aud", "auditor")] {
                tokens[name] = try await CommandRun.userWithToken(name, role: role, environment: environment)
            }
            let server = try await ServerProcess.start(
                environment: environment, arguments: maxBodySize.map { ["--max-body-size", String($0)] } ?? [])
            for (name, token) in tokens { clients[name] = HTTPClient(port: server.port, token: token) }
            do {
                try await body(clients, server, environment)
            } catch {
                _ = await server.stop()
                throw error
            }
            #expect(await server.stop() == 0, "galley serve did not stop cleanly on SIGTERM")
        }
    }

    @Test("a story's whole life by four users over HTTP, each step with its ETag")
    func wholeLife() async throws {
        try await withServer { users, _, _ in
            let (ana, bo, cy, aud) = (users["ana"]!, users["bo"]!, users["cy"]!, users["aud"]!)
            let created = try await ana.send(
                "POST", "/v1/articles",
                json: [
                    "headline": "Night ferry across the harbour", "slug": "night-ferry", "desk": "city",
                    "body": ["The ferry will run at 23:30 from January.", "Some 1,200 people cross after 22:00."],
                ])
            #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
            #expect(created.headers["etag"] == "\"1\"")
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers["location"] == "/v1/articles/\(id)")

            #expect(
                try await ana.send("POST", "/v1/articles/\(id)/submit", headers: ["If-Match": "\"1\""]).status == 200)
            #expect(try await bo.send("POST", "/v1/articles/\(id)/assignment", json: ["user": "cy"]).status == 200)
            #expect(try await bo.send("POST", "/v1/articles/\(id)/fact-check").status == 200)
            let claim = try await cy.send(
                "POST", "/v1/articles/\(id)/claims", json: ["claim_id": "c1", "text": "Some 1,200 people cross."])
            #expect(claim.status == 200)
            let verdict = try await cy.send(
                "POST", "/v1/articles/\(id)/claims/c1/verdict",
                json: ["rating": "accurate", "evidence": ["https://example.org/count"], "note": "Port figures."])
            #expect(verdict.status == 200, "\(String(decoding: verdict.body, as: UTF8.self))")
            #expect(try await cy.send("POST", "/v1/articles/\(id)/fact-check/approve").status == 200)
            let published = try await bo.send("POST", "/v1/articles/\(id)/publish", json: [:])
            #expect(published.status == 200 && published.headers["etag"] == "\"8\"")
            let corrected = try await bo.send(
                "POST", "/v1/articles/\(id)/corrections",
                json: ["kind": "clarification", "text": "The count is for weekdays."])
            #expect(corrected.status == 200)

            let shown = try await aud.send("GET", "/v1/articles/\(id)")
            #expect(shown.status == 200 && shown.headers["etag"] == "\"9\"")
            #expect(shown.json["stage"] as? String == "published")
            #expect((shown.json["corrections"] as? [[String: Any]])?.count == 1)
            let past = try await aud.send("GET", "/v1/articles/\(id)?version=2")
            #expect(past.json["stage"] as? String == "editing" && past.headers["etag"] == "\"2\"")
            let history = try await aud.send("GET", "/v1/articles/\(id)/history")
            #expect(history.items.count == 9)
            let list = try await aud.send("GET", "/v1/articles?stage=published")
            #expect(list.items.map { $0["id"] as? String } == [id])
            let board = try await aud.send("GET", "/v1/board")
            let columns = board.json["columns"] as? [[String: Any]] ?? []
            let publishedColumn = columns.first { $0["name"] as? String == "published" }
            #expect(publishedColumn?["count"] as? Int == 1)
            #expect((publishedColumn?["items"] as? [[String: Any]])?.first?["assignee"] as? String == "cy")
            let found = try await aud.send("GET", "/v1/search?q=ferries&stage=published")
            #expect(found.items.map { $0["id"] as? String } == [id])
            let runs = found.items.first?["snippet"] as? [[String: Any]] ?? []
            #expect(runs.contains { $0["match"] as? Bool == true && ($0["text"] as? String)?.isEmpty == false })
            let prefix = try await aud.send("GET", "/v1/search?prefix=night-f")
            #expect(prefix.items.map { $0["id"] as? String } == [id])
            let paged = try await aud.send("GET", "/v1/articles/\(id)/history?limit=4")
            #expect(paged.items.count == 4 && paged.json["next"] as? String == "4")
            #expect(paged.headers["link"]?.contains("after=4") == true)
            #expect(try await aud.send("GET", "/healthz").status == 200)
        }
    }

    @Test(
        "refusals: 401 (also for a token revoked while the server runs), 403, 404, 412, 422 and 4xx for bad bodies, each a problem+json that wrote nothing"
    )
    func refusals() async throws {
        try await withServer(maxBodySize: 4_096) { users, server, environment in
            let (ana, bo) = (users["ana"]!, users["bo"]!)
            let created = try await ana.send(
                "POST", "/v1/articles", json: ["headline": "Tram works", "slug": "tram", "desk": "city", "body": ["x"]])
            let id = try #require(created.json["id"] as? String)
            let before = try await storyEvents(environment)

            let anonymous = HTTPClient(port: server.port)
            expectProblem(try await anonymous.send("GET", "/v1/articles/\(id)"), 401, "unauthenticated")
            expectProblem(
                try await HTTPClient(port: server.port, token: "glly_bad").send("POST", "/v1/articles/\(id)/submit"),
                401, "unauthenticated")
            expectProblem(try await ana.send("POST", "/v1/articles/\(id)/publish", json: [:]), 403, "forbidden")
            expectProblem(try await ana.send("POST", "/v1/articles/nope/submit"), 404, "not-found")
            expectProblem(
                try await ana.send("POST", "/v1/articles/\(id)/submit", headers: ["If-Match": "\"9\""]), 412,
                "precondition-failed")
            expectProblem(try await bo.send("POST", "/v1/articles/\(id)/fact-check/approve"), 403, "forbidden")
            expectProblem(try await bo.send("POST", "/v1/articles/\(id)/publish", json: [:]), 422, "rule-violation")
            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/comments", body: Data("{\"text\":".utf8)), 400,
                "invalid-input")
            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/comments", json: ["text": "hi", "mood": "good"]), 400,
                "invalid-input")
            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/comments", json: ["text": 5]), 400, "invalid-input")
            expectProblem(
                try await bo.send("POST", "/v1/articles/\(id)/comments", body: Data([0x7B, 0x22, 0xFF, 0x22, 0x7D])),
                400,
                "invalid-input")
            expectProblem(
                try await bo.send(
                    "POST", "/v1/articles/\(id)/comments", json: ["text": String(repeating: "x", count: 10_000)]),
                413, "too-large")
            expectProblem(try await bo.send("GET", "/v1/articles?stage=lost"), 400, "invalid-input")
            // A version the story never had is not found; a version and a moment at once is bad input.
            let never = try await bo.send("GET", "/v1/articles/\(id)?version=999")
            expectProblem(never, 404, "not-found")
            #expect((never.json["detail"] as? String)?.contains("has no version 999") == true)
            expectProblem(
                try await bo.send("GET", "/v1/articles/\(id)?version=1&at=2030-01-01T00:00:00Z"), 400, "invalid-input")

            // The server keeps the user behind a token it has seen; revoking the token reaches it at once.
            let auditor = users["aud"]!
            #expect(try await auditor.send("GET", "/v1/articles/\(id)").status == 200)
            let tokenID = try #require(auditor.token?.split(separator: "_").dropFirst().first)
            #expect(
                try await CommandRun.galley(["tokens", "revoke", String(tokenID)], environment: environment).status == 0
            )
            var revoked = try await auditor.send("GET", "/v1/articles/\(id)")
            for _ in 0..<50 where revoked.status == 200 {
                try await Task.sleep(for: .milliseconds(20))
                revoked = try await auditor.send("GET", "/v1/articles/\(id)")
            }
            expectProblem(revoked, 401, "unauthenticated")
            // Revoking the token recorded that in the user's stream; no story changed.
            #expect(try await storyEvents(environment) == before)
        }
    }

    @Test("an Idempotency-Key makes a retried POST return the first response and append nothing")
    func idempotency() async throws {
        try await withServer { users, _, environment in
            let ana = users["ana"]!
            let draft: [String: Any] = ["headline": "Library hours", "slug": "library", "desk": "city", "body": ["x"]]
            let first = try await ana.send("POST", "/v1/articles", json: draft, headers: ["Idempotency-Key": "d-1"])
            let again = try await ana.send("POST", "/v1/articles", json: draft, headers: ["Idempotency-Key": "d-1"])
            #expect(first.status == 201 && again.status == 201)
            #expect(first.body == again.body)
            #expect(again.headers["idempotent-replayed"] == "true")
            let id = try #require(first.json["id"] as? String)
            let submit = try await ana.send("POST", "/v1/articles/\(id)/submit", headers: ["Idempotency-Key": "s-1"])
            let retry = try await ana.send("POST", "/v1/articles/\(id)/submit", headers: ["Idempotency-Key": "s-1"])
            #expect(submit.body == retry.body && retry.status == 200)
            #expect(try await storyEvents(environment).count == 2)

            // The key reused for another request is refused, and writes nothing: another body, another route,
            // and a draft under a taken key with a different slug (which must not claim that slug).
            var other = draft
            other["slug"] = "library-other"
            let reusedDraft = try await ana.send(
                "POST", "/v1/articles", json: other, headers: ["Idempotency-Key": "d-1"])
            expectProblem(reusedDraft, 422, "idempotency-key-reused")
            let reusedRoute = try await ana.send(
                "POST", "/v1/articles/\(id)/comments", json: ["text": "Hours?"], headers: ["Idempotency-Key": "s-1"])
            expectProblem(reusedRoute, 422, "idempotency-key-reused")
            let comment = try await ana.send(
                "POST", "/v1/articles/\(id)/comments", json: ["text": "Hours?"], headers: ["Idempotency-Key": "c-1"])
            #expect(comment.status == 200)
            let reusedBody = try await ana.send(
                "POST", "/v1/articles/\(id)/comments", json: ["text": "Days?"], headers: ["Idempotency-Key": "c-1"])
            expectProblem(reusedBody, 422, "idempotency-key-reused")
            #expect(try await storyEvents(environment).count == 3)
            // The slug the reused draft named is still free for another story.
            let free = try await ana.send("POST", "/v1/articles", json: other)
            #expect(free.status == 201, "\(String(decoding: free.body, as: UTF8.self))")
        }
    }
}

@Suite("galley serve: the log, health and metrics")
struct HTTPFeedTests {
    @Test("the events page, and the SSE feed resuming after a disconnect without a gap or a duplicate")
    func eventsAndFeed() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let token = try await CommandRun.userWithToken("ana", role: "reporter", environment: environment)
            let server = try await ServerProcess.start(environment: environment)
            let ana = HTTPClient(port: server.port, token: token)
            var ids: [String] = []
            for index in 0..<3 {
                let created = try await ana.send(
                    "POST", "/v1/articles",
                    json: ["headline": "Story \(index)", "slug": "story-\(index)", "desk": "city", "body": ["x"]])
                ids.append(created.json["id"] as? String ?? "")
                _ = try await ana.send("POST", "/v1/articles/\(ids[index])/submit")
            }
            let page = try await ana.send("GET", "/v1/events?after=2&limit=3")
            let positions = (page.json["events"] as? [[String: Any]])?.compactMap { $0["position"] as? Int }
            #expect(positions == [3, 4, 5] && page.json["next"] as? Int == 5)

            let port = server.port
            // A reporter's feed leaves out the users' streams: ana's own addition and token (1 and 2).
            let first = try await EventStreamClient.read(port: port, token: token, count: 4)
            #expect(first.map(\.id) == ["3", "4", "5", "6"])
            // More commands while nobody listens, then the client comes back from where it was.
            for id in ids { _ = try await ana.send("POST", "/v1/articles/\(id)/comments", json: ["text": "hi"]) }
            let resumed = try await EventStreamClient.read(port: port, token: token, lastEventID: "4", count: 5)
            #expect(resumed.map(\.id) == ["5", "6", "7", "8", "9"])
            #expect(resumed.last?.data.contains("CommentAdded") == true)

            let client = HTTPClient(port: server.port)
            let ready = try await client.send("GET", "/readyz")
            #expect(ready.status == 200)
            expectProblem(try await client.send("GET", "/metrics"), 401, "unauthenticated")
            let metrics = String(decoding: try await ana.send("GET", "/metrics").body, as: UTF8.self)
            #expect(
                metrics.contains("galley_http_requests_total{method=\"POST\",route=\"/v1/articles\",status=\"201\"} 3"))
            #expect(metrics.contains("galley_appends_total 9"))
            #expect(metrics.contains("galley_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"401\"} 1"))
            #expect(metrics.contains("galley_projection_lag_events{projection=\"articles\"}"))
            #expect(metrics.contains("galley_http_request_duration_seconds_count"))
            let openapi = try await client.send("GET", "/openapi.json")
            #expect(openapi.json["openapi"] as? String == "3.1.0")
            #expect(await server.stop() == 0)
        }
    }
}

/// Expects `reply` to be a problem+json of `status` and Galley's problem `type`.
func expectProblem(
    _ reply: HTTPClient.Reply, _ status: Int, _ type: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "\(String(decoding: reply.body, as: UTF8.self))", sourceLocation: sourceLocation)
    #expect(reply.headers["content-type"] == "application/problem+json", sourceLocation: sourceLocation)
    #expect(reply.json["type"] as? String == "urn:galley:problem:\(type)", sourceLocation: sourceLocation)
    #expect(reply.json["status"] as? Int == status, sourceLocation: sourceLocation)
}

/// The lines of `galley events` that are events of stories, leaving out the users' streams.
func storyEvents(_ environment: [String: String]) async throws -> [Substring] {
    try await CommandRun.galley(["events"], environment: environment).output.split(separator: "\n")
        .filter { $0.contains("article-") }
}
