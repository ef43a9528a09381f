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

/// The JSON API's story routes in process (Hummingbird's router test client), over a database of their own.
@Suite("The story routes in process")
struct ArticleRoutesTests {
    /// The server's router over a fresh database, with a reporter's and an editor's bearer tokens.
    func withRouter(
        _ body: @Sendable (_ client: any TestClientProtocol, _ ana: HTTPFields, _ bo: HTTPFields) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh { configuration in
            let server = GalleyServer(database: configuration)
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            var headers: [HTTPFields] = []
            for (name, role) in [("ana", Role.reporter), ("bo", .editor)] {
                _ = try await UserDirectory(pool: pool).add(name, roles: [role], by: "admin")
                let (token, _) = try await TokenStore(pool: pool).issue(for: name, by: "admin")
                headers.append([.authorization: "Bearer \(token)", .contentType: "application/json"])
            }
            let router = server.makeRouter(
                pool: pool, projections: ProjectionRunner(configuration: configuration),
                tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                feed: LogFeed(configuration: configuration, logger: server.logger), templates: nil)
            let (ana, bo) = (headers[0], headers[1])
            do {
                try await Application(router: router).test(.router) { try await body($0, ana, bo) }
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [String: Any])
    }

    @Test("a draft with only a headline and a body gets the newsroom's defaults; a command on it is answered")
    func draftAndComment() async throws {
        try await withRouter { client, ana, bo in
            let id = try await client.execute(
                uri: "/v1/articles", method: .post, headers: ana,
                body: ByteBuffer(string: #"{"headline":"Ferry to run all night","body":["Text."]}"#)
            ) { response in
                #expect(response.status == .created)
                let id = try #require(try Self.json(response.body)["id"] as? String)
                #expect(response.headers[.location] == "/v1/articles/\(id)")
                return id
            }
            try await client.execute(
                uri: "/v1/articles/\(id)/comments", method: .post, headers: bo + [.ifMatch: "\"1\""],
                body: ByteBuffer(string: #"{"text":"Lead is strong."}"#)
            ) { response in
                #expect(response.status == .ok)
                let result = try Self.json(response.body)
                #expect(result["version"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/articles/\(id)", method: .get, headers: ana) { response in
                let story = try Self.json(response.body)
                #expect(story["slug"] as? String == "ferry-to-run-all-night")
                #expect(story["desk"] as? String == "news" && story["bylines"] as? [String] == ["ana"])
            }
            // The same If-Match again: the story has moved on.
            try await client.execute(
                uri: "/v1/articles/\(id)/comments", method: .post, headers: bo + [.ifMatch: "\"1\""],
                body: ByteBuffer(string: #"{"text":"Stale."}"#)
            ) { response in
                #expect(response.status == .preconditionFailed)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            // A reporter may not publish: forbidden, by the rule's words.
            try await client.execute(
                uri: "/v1/articles/\(id)/publish", method: .post, headers: ana, body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .forbidden)
                let problem = try Self.json(response.body)
                #expect(problem["detail"] as? String == "ana (reporter) may not publish a story")
            }
        }
    }

    @Test(
        "every command's route is served: on a story that does not exist, each is refused (404, or 403 for an action not an editor's), never 405"
    )
    func everyCommandServed() async throws {
        try await withRouter { client, _, bo in
            for action in Action.allCases {
                guard let route = CommandRoute.of(action) else { continue }
                let path = route.documentedPath.replacingOccurrences(of: "{id}", with: "no-such-story")
                    .replacingOccurrences(of: "{claimId}", with: "c1")
                // A body that every route reads: the fields each requires, with values each accepts.
                var fields: [String: String] = [:]
                for field in route.fields {
                    fields[field] =
                        switch field {
                        case "rating": "accurate"
                        case "kind": "correction"
                        case "at": "2031-01-01T00:00:00Z"
                        default: "x"
                        }
                }
                for list in ["bylines", "body", "evidence", "reasons"] where fields[list] != nil {
                    fields[list] = nil
                }
                if route.fields.contains("no_claims") { fields["no_claims"] = nil }
                let body = try JSONSerialization.data(withJSONObject: fields)
                try await client.execute(
                    uri: path, method: .post, headers: bo,
                    body: ByteBuffer(string: String(decoding: body, as: UTF8.self))
                ) { response in
                    // Who may act is asked before whether the story exists: an editor may not rule on claims.
                    let expected: HTTPResponse.Status =
                        Permissions.allows([.editor], action) ? .notFound : .forbidden
                    #expect(response.status == expected, "\(action): \(String(buffer: response.body))")
                }
            }
        }
    }
}
