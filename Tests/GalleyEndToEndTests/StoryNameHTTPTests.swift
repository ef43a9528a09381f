import Foundation
import Postgres
import TestSupport
import Testing

/// The hijack of the security review: a story filed over the API under another story's name.
@Suite("galley serve: a chosen id may not take another story's name")
struct StoryNameHTTPTests {
    @Test("an id that is another story's slug, or the word new, is 422 naming the rule; the slug keeps its story")
    func chosenIDs() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let ana = try await CommandRun.userWithToken("ana", role: "reporter", environment: environment)
            let mallory = try await CommandRun.userWithToken("mallory", role: "reporter", environment: environment)
            let server = try await ServerProcess.start(environment: environment)
            let story = { (id: String, slug: String, headline: String) -> [String: Any] in
                ["id": id, "headline": headline, "slug": slug, "desk": "city", "body": ["Text."]]
            }
            let filed = try await HTTPClient(port: server.port, token: ana).send(
                "POST", "/v1/articles", json: story("city-budget-dedc", "city-budget", "City budget passes"))
            #expect(filed.status == 201)
            let decoy = HTTPClient(port: server.port, token: mallory)
            let asSlug = try await decoy.send("POST", "/v1/articles", json: story("city-budget", "decoy", "Decoy"))
            expectProblem(asSlug, 422, "rule-violation")
            #expect((asSlug.json["detail"] as? String)?.contains("an id may not be another story's slug") == true)
            let asNew = try await decoy.send("POST", "/v1/articles", json: story("new", "decoy-2", "Decoy"))
            expectProblem(asNew, 422, "rule-violation")
            #expect((asNew.json["detail"] as? String)?.contains("the id new is a reserved word") == true)
            let slugAsID = try await decoy.send(
                "POST", "/v1/articles", json: story("decoy-3", "city-budget-dedc", "Decoy"))
            expectProblem(slugAsID, 422, "rule-violation")
            #expect((slugAsID.json["detail"] as? String)?.contains("a slug may not be another story's id") == true)

            let shown = try await CommandRun.galley(["show", "city-budget", "--as", "ana"], environment: environment)
            #expect(shown.status == 0 && shown.output.contains("City budget passes"), "\(shown.errorOutput)")
            #expect(await server.stop() == 0)
        }
    }
}
