import Foundation
import Postgres
import TestSupport
import Testing

/// The content API for partners over loopback: subscribers and tokens made with the CLI, stories published over
/// the newsroom's API, items read with each subscriber's token and held to openapi.json and to ninjs 2.2.
@Suite("The content API for partners")
struct ContentAPITests {
    /// A newsroom with three people and a server, on a fresh database.
    struct Newsroom {
        let environment: [String: String]
        let server: ServerProcess
        let ana: HTTPClient
        let bo: HTTPClient
        let cy: HTTPClient

        /// Drafts a story and takes it through fact-check to publication (at `at`, else now); with `claim`, a
        /// verdict on it first. Returns its id.
        func publish(
            _ headline: String, desk: String = "city", language: String = "en", at: Date? = nil, claim: String? = nil
        ) async throws -> String {
            let created = try await ana.send(
                "POST", "/v1/articles",
                json: [
                    "headline": headline, "desk": desk, "language": language, "bylines": ["Ana Reis"],
                    "body": ["\(headline), the harbour office said.", claim ?? "Nothing else changes."],
                ])
            let id = try #require(created.json["id"] as? String, "\(String(decoding: created.body, as: UTF8.self))")
            #expect(try await ana.send("POST", "/v1/articles/\(id)/submit").status == 200)
            #expect(try await bo.send("POST", "/v1/articles/\(id)/fact-check").status == 200)
            if let claim {
                #expect(
                    try await cy.send("POST", "/v1/articles/\(id)/claims", json: ["claim_id": "c1", "text": claim])
                        .status == 200)
                let verdict = try await cy.send(
                    "POST", "/v1/articles/\(id)/claims/c1/verdict",
                    json: ["rating": "accurate", "evidence": ["https://example.org/count"], "note": "Port figures."])
                #expect(verdict.status == 200)
                #expect(try await cy.send("POST", "/v1/articles/\(id)/fact-check/approve").status == 200)
            } else {
                #expect(
                    try await cy.send("POST", "/v1/articles/\(id)/fact-check/approve", json: ["no_claims": true])
                        .status == 200)
            }
            let time: [String: Any] = at.map { ["at": ISO8601DateFormatter().string(from: $0)] } ?? [:]
            let published = try await bo.send("POST", "/v1/articles/\(id)/publish", json: time)
            #expect(published.status == 200, "\(String(decoding: published.body, as: UTF8.self))")
            return id
        }

        func galley(_ arguments: [String]) async throws -> CommandRun {
            try await CommandRun.galley(arguments, environment: environment)
        }

        /// A client with a new token of subscriber `name`, added with `options`.
        func subscriber(_ name: String, _ options: [String]) async throws -> HTTPClient {
            let added = try await galley(["subscribers", "add", name] + options)
            #expect(added.status == 0, "\(added.errorOutput)")
            let issued = try await galley(["subscribers", "token", name])
            #expect(issued.status == 0, "\(issued.errorOutput)")
            return HTTPClient(port: server.port, token: issued.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Runs `body` with a newsroom and its server, stopping the server however the body ends.
    static func withNewsroom(_ body: (Newsroom) async throws -> Void) async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = [
                "GALLEY_DATABASE_URL": configuration.conninfo, "GALLEY_PUBLIC_URL": "https://news.example.org",
            ]
            let tokens = [
                try await CommandRun.userWithToken("ana", role: "reporter", environment: environment),
                try await CommandRun.userWithToken("bo", role: "editor", environment: environment),
                try await CommandRun.userWithToken("cy", role: "fact_checker", environment: environment),
            ]
            let server = try await ServerProcess.start(environment: environment)
            let newsroom = Newsroom(
                environment: environment, server: server, ana: HTTPClient(port: server.port, token: tokens[0]),
                bo: HTTPClient(port: server.port, token: tokens[1]), cy: HTTPClient(port: server.port, token: tokens[2])
            )
            do {
                try await body(newsroom)
            } catch {
                _ = await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
        }
    }

    static func ids(_ reply: HTTPClient.Reply) -> [String] {
        reply.items.compactMap { ($0["uri"] as? String)?.replacingOccurrences(of: "urn:galley:article:", with: "") }
    }

    @Test("each subscriber receives its desks and languages; only an embargo partner an embargoed story, marked so")
    func products() async throws {
        try await Self.withNewsroom { newsroom in
            let cityEN = try await newsroom.subscriber("city-en", ["--desk", "city", "--language", "en"])
            let early = try await newsroom.subscriber("early", ["--desk", "city", "--embargo-partner"])
            let ferry = try await newsroom.publish("Ferry runs all night", claim: "Some 1,200 people cross.")
            let budget = try await newsroom.publish("Budget under embargo", at: Date().addingTimeInterval(3_600))
            let portuguese = try await newsroom.publish("Balsa noturna", language: "pt")
            let world = try await newsroom.publish("Elsewhere", desk: "world")
            let withdrawn = try await newsroom.publish("Wrong count")
            let retracted = try await newsroom.bo.send(
                "POST", "/v1/articles/\(withdrawn)/retraction", json: ["reason": "The count was wrong."])
            #expect(retracted.status == 200)

            let plain = try await cityEN.send("GET", "/content/v1/items")
            #expect(plain.status == 200)
            #expect(Set(Self.ids(plain)) == [ferry, withdrawn])
            let embargoed = try await early.send("GET", "/content/v1/items")
            #expect(Set(Self.ids(embargoed)) == [ferry, budget, portuguese, withdrawn])
            #expect(!Self.ids(embargoed).contains(world))
            for item in plain.items + embargoed.items {
                #expect(NinjsShape.problems(item).isEmpty, "\(NinjsShape.problems(item))")
            }
            let byID = Dictionary(embargoed.items.map { (($0["uri"] as? String) ?? "", $0) }) { first, _ in first }
            let budgetItem = try #require(byID["urn:galley:article:\(budget)"])
            #expect(budgetItem["embargoed"] is String && budgetItem["pubstatus"] as? String == "usable")
            #expect(byID["urn:galley:article:\(withdrawn)"]?["pubstatus"] as? String == "canceled")
            let ferryItem = try #require(byID["urn:galley:article:\(ferry)"])
            #expect(ferryItem["embargoed"] == nil)
            let indicators = try #require(ferryItem["trustindicators"] as? [[String: Any]])
            #expect(
                indicators.first?["href"] as? String == "https://news.example.org/news/ferry-runs-all-night#claim-c1")
            #expect(indicators.first?["role"] as? String == "https://schema.org/ClaimReview")
            let bodies = try #require(ferryItem["bodies"] as? [[String: Any]])
            #expect(bodies.first?["wordcount"] as? Int == 12 && bodies.first?["charcount"] is Int)
            #expect(ferryItem["by"] as? String == "Ana Reis" && ferryItem["language"] as? String == "en")

            // One item: the same rule, and the same answer for a story outside the product as for none at all.
            let hidden = try await cityEN.send("GET", "/content/v1/items/\(budget)")
            #expect(hidden.status == 404 && hidden.json["detail"] as? String == "there is no item \(budget)")
            let outside = try await cityEN.send("GET", "/content/v1/items/\(world)")
            #expect(outside.status == 404 && outside.json["detail"] as? String == "there is no item \(world)")
            let early1 = try await early.send("GET", "/content/v1/items/\(budget)")
            #expect(early1.status == 200 && early1.json["embargoed"] is String)
            #expect(NinjsShape.problems(early1.json).isEmpty)
        }
    }

    @Test("a subscriber's token opens only the content API, a user's token only the newsroom's")
    func tokenSeparation() async throws {
        try await Self.withNewsroom { newsroom in
            let partner = try await newsroom.subscriber("wire", ["--desk", "city"])
            let userOnContent = try await newsroom.ana.send("GET", "/content/v1/items")
            #expect(userOnContent.status == 401)
            #expect(
                userOnContent.json["detail"] as? String
                    == "the content API takes a subscriber's token (galley subscribers token NAME), not a user's")
            let partnerOnNewsroom = try await partner.send("GET", "/v1/articles")
            #expect(partnerOnNewsroom.status == 401)
            #expect(
                partnerOnNewsroom.json["detail"] as? String
                    == "a subscriber's token opens the content API (/content/v1) only; the newsroom's API takes a user's token"
            )
            let anonymous = try await HTTPClient(port: newsroom.server.port).send("GET", "/content/v1/items")
            #expect(anonymous.status == 401)
            #expect(try await partner.send("GET", "/content/v1/items").status == 200)
            #expect(try await newsroom.galley(["subscribers", "disable", "wire"]).status == 0)
            let disabled = try await partner.send("GET", "/content/v1/items")
            #expect(
                disabled.status == 401
                    && disabled.json["detail"] as? String
                        == "the token is unknown or revoked, or its subscriber is disabled"
            )
        }
    }

    @Test("pages newest change first with updated_since; earlier public versions; every item served is recorded")
    func pagingVersionsAndReads() async throws {
        try await Self.withNewsroom { newsroom in
            let partner = try await newsroom.subscriber("wire", ["--desk", "city"])
            let first = try await newsroom.publish("Ferry runs all night")
            let second = try await newsroom.publish("Bridge closes for a week")
            let beforeCorrection = Date()
            try await Task.sleep(for: .milliseconds(1_100))
            let corrected = try await newsroom.bo.send(
                "POST", "/v1/articles/\(first)/corrections",
                json: ["kind": "correction", "text": "It runs until 02:00.", "body": ["It runs until 02:00."]])
            #expect(corrected.status == 200, "\(String(decoding: corrected.body, as: UTF8.self))")

            let page1 = try await partner.send("GET", "/content/v1/items?limit=1")
            #expect(Self.ids(page1) == [first], "the corrected story changed last")
            let next = try #require(page1.json["next"] as? String)
            #expect(page1.headers["link"] == "</content/v1/items?after=\(next)&limit=1>; rel=\"next\"")
            let page2 = try await partner.send("GET", "/content/v1/items?limit=1&after=\(next)")
            #expect(Self.ids(page2) == [second] && page2.json["next"] is NSNull)
            let since = ISO8601DateFormatter().string(from: beforeCorrection.addingTimeInterval(1))
            let changed = try await partner.send("GET", "/content/v1/items?updated_since=\(since)")
            #expect(Self.ids(changed) == [first])
            let descriptions = changed.items.first?["descriptions"] as? [[String: Any]]
            #expect(descriptions?.first?["role"] as? String == "correction")

            let now = try await partner.send("GET", "/content/v1/items/\(first)")
            #expect(now.json["version"] as? String == "2")
            let original = try await partner.send("GET", "/content/v1/items/\(first)?version=1")
            #expect(original.status == 200 && original.json["version"] as? String == "1")
            let body = (original.json["bodies"] as? [[String: Any]])?.first?["value"] as? String
            #expect(body?.hasPrefix("Ferry runs all night, the harbour office said.") == true)
            #expect(NinjsShape.problems(original.json).isEmpty)
            let missing = try await partner.send("GET", "/content/v1/items/\(first)?version=9")
            #expect(
                missing.status == 404
                    && missing.json["detail"] as? String
                        == "item \(first) has no public version 9; its public versions are 1, 2"
            )

            let reads = try await newsroom.galley(["subscribers", "reads", "wire", "--json"])
            #expect(reads.status == 0, "\(reads.errorOutput)")
            let lines = reads.output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            // Newest first: the three single items, then the pages' items.
            #expect(
                lines.map { "\($0["id"] as? String ?? "?") v\($0["version"] as? Int ?? 0)" } == [
                    "\(first) v1", "\(first) v2", "\(first) v2", "\(second) v1", "\(first) v2",
                ])
            let paged = try await newsroom.galley(["subscribers", "reads", "wire", "--limit", "2"])
            #expect(paged.output.split(separator: "\n").count == 3, "a header and two reads")
            #expect(paged.errorOutput.contains("galley: more: galley subscribers reads wire --after "))
        }
    }

    @Test("bad queries are refused with 400 and say why")
    func refusals() async throws {
        try await Self.withNewsroom { newsroom in
            let partner = try await newsroom.subscriber("wire", ["--desk", "city"])
            let id = try await newsroom.publish("Ferry runs all night")
            let cases: [(String, String)] = [
                ("/content/v1/items?limit=0", "a page holds 1 to 200 items, not 0"),
                (
                    "/content/v1/items?updated_since=yesterday",
                    "updated_since must be an RFC 3339 time such as 2026-12-01T06:00:00Z"
                ),
                (
                    "/content/v1/items?desk=world",
                    "unknown query parameter desk; this route takes after, limit, updated_since"
                ),
                ("/content/v1/items?after=%25%25", "the cursor is not one this list gave; start again without it"),
                ("/content/v1/items/\(id)?version=0", "version is a whole number from 1: 0"),
                (
                    "/content/v1/items/\(id)?at=2026-01-01T00:00:00Z",
                    "unknown query parameter at; this route takes version"
                ),
            ]
            for (path, detail) in cases {
                let reply = try await partner.send("GET", path)
                #expect(reply.status == 400 && reply.json["detail"] as? String == detail, "\(path)")
            }
            let reads = try await newsroom.galley(["subscribers", "reads", "wire", "--json"])
            #expect(reads.output.isEmpty, "a refused request reads nothing")
        }
    }
}
