import Foundation
import Postgres
import TestSupport
import Testing

/// `GET /v1/inbox` and `POST /v1/inbox/read` over loopback, with the users' own tokens.
@Suite("The inbox over HTTP")
struct InboxHTTPTests {
    @Test("the token's user's inbox pages with Link, marks read, and refuses bad input with 400")
    func inbox() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let anaToken = try await CommandRun.userWithToken("ana", role: "reporter", environment: environment)
            let boToken = try await CommandRun.userWithToken("bo", role: "editor", environment: environment)
            let server = try await ServerProcess.start(environment: environment)
            let (ana, bo) = (
                HTTPClient(port: server.port, token: anaToken), HTTPClient(port: server.port, token: boToken)
            )
            do {
                let created = try await ana.send(
                    "POST", "/v1/articles", json: ["headline": "Ferry adds a night crossing", "body": ["At 23:30."]])
                let id = try #require(created.json["id"] as? String)
                #expect(try await ana.send("POST", "/v1/articles/\(id)/submit").status == 200)
                #expect(
                    try await bo.send("POST", "/v1/articles/\(id)/send-back", json: ["note": "Name the source."])
                        .status == 200)
                #expect(
                    try await bo.send("POST", "/v1/articles/\(id)/comments", json: ["text": "@ana see my note."])
                        .status == 200)

                let first = try await ana.send("GET", "/v1/inbox?limit=1")
                #expect(first.status == 200)
                #expect(first.items.map { $0["reason"] as? String } == ["mention"])
                #expect(first.json["unread"] as? Int == 2 && first.json["read_through"] as? Int == 0)
                let next = try #require(first.json["next"] as? String)
                #expect(first.headers["link"] == "</v1/inbox?after=\(next)&limit=1>; rel=\"next\"")
                let second = try await ana.send("GET", "/v1/inbox?limit=1&after=\(next)")
                #expect(second.items.map { $0["reason"] as? String } == ["sent_back"])
                #expect(second.items.first?["text"] as? String == "Name the source.")
                #expect(second.items.first?["article_id"] as? String == id)
                #expect(try await bo.send("GET", "/v1/inbox").items.isEmpty)

                let newest = try #require(first.items.first?["position"] as? Int)
                let marked = try await ana.send("POST", "/v1/inbox/read", json: [:])
                #expect(marked.status == 200)
                #expect(marked.json["read_through"] as? Int == newest && marked.json["unread"] as? Int == 0)
                #expect(try await ana.send("GET", "/v1/inbox?unread=true").items.isEmpty)

                let wrongType = try await ana.send("POST", "/v1/inbox/read", json: ["through": "all"])
                #expect(
                    wrongType.status == 400 && wrongType.json["detail"] as? String == "through must be a whole number")
                let unknown = try await ana.send("POST", "/v1/inbox/read", json: ["upto": 3])
                #expect(
                    unknown.status == 400 && unknown.json["detail"] as? String == "unknown fields: upto; known: through"
                )
                let flag = try await ana.send("GET", "/v1/inbox?unread=maybe")
                #expect(flag.status == 400 && flag.json["detail"] as? String == "unread is true or false")
                let cursor = try await ana.send("GET", "/v1/inbox?after=%25%25")
                #expect(cursor.status == 400)
                #expect(try await HTTPClient(port: server.port).send("GET", "/v1/inbox").status == 401)
            } catch {
                _ = await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
        }
    }
}
