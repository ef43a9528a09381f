import Editorial
import Foundation
import Galley
import Postgres

/// The web app's pages against the JSON API's same reads, in one run on one archive: the board (`/` beside
/// `/v1/board`) and a story (`/stories/ID` beside `/v1/articles/ID`), p50 and p99 over HTTP, each page signed in
/// with a session cookie and each API read with a bearer token.
struct WebBenchmark {
    let database: BenchmarkDatabase
    let stories: Int
    let requests: Int
    let galley: String

    func run() async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2)
        let bench = try await UserDirectory(pool: pool).add("bench", roles: [.editor], by: "bench")
        let token = try await TokenStore(pool: pool).issue(for: "bench", by: "bench").token
        let signIn = WebSignIn(pool: pool)
        try await signIn.setPassword("bench", "bench-password-1", by: "bench")
        let (secret, _) = try await signIn.signIn(name: "bench", password: "bench-password-1", from: "bench")
        FileHandle.standardError.write(Data("web: filling the read models to \(stories) stories\n".utf8))
        try await ReadsBenchmark.fill(pool, from: 0, to: stories)
        let id = try await Self.story(Newsroom(pool: pool), by: bench)
        let server = try ReadsBenchmark.startServer(galley, database: database.configuration)
        defer { server.terminate() }
        let port = try ReadsBenchmark.port(of: server)
        let pairs: [(String, page: String, api: String)] = [
            ("board", "/", "/v1/board?limit=20"), ("story", "/stories/\(id)", "/v1/articles/\(id)"),
            ("story's history", "/stories/\(id)/history", "/v1/articles/\(id)/history"),
        ]
        var figures: [(String, ReadsBenchmark.Figure, ReadsBenchmark.Figure)] = []
        try await LoadClient.withConnection(port: port) { client in
            // The projections fold the story in first; a read before that would answer 404.
            for _ in 0..<200
            where try await client.get(pairs[1].api, headers: [("Authorization", "Bearer \(token)")]).status != 200 {
                try await Task.sleep(for: .milliseconds(50))
            }
            for (name, page, api) in pairs {
                let html = try await ReadsBenchmark.measure(
                    &client, page, headers: [("Cookie", "galley_session=\(secret)")], requests: requests)
                let json = try await ReadsBenchmark.measure(
                    &client, api, headers: [("Authorization", "Bearer \(token)")], requests: requests)
                figures.append((name, html, json))
            }
        }
        await pool.close()
        print("web pages beside their JSON reads, \(requests) requests each, p50 / p99 in ms; \(stories) stories")
        for (name, html, json) in figures {
            print(
                "  \(name.padding(toLength: 16, withPad: " ", startingAt: 0))"
                    + String(
                        format: " page %6.2f / %6.2f  %7d B   JSON %6.2f / %6.2f  %7d B   ratio p50 %.2fx, p99 %.2fx",
                        html.p50, html.p99, html.bytes, json.p50, json.p99, json.bytes, html.p50 / json.p50,
                        html.p99 / json.p99))
        }
    }

    /// A story with a life: drafted, edited, checked claim by claim, published; the page and the API read it.
    static func story(_ newsroom: Newsroom, by editor: User) async throws -> String {
        let paragraphs = (1...8).map {
            "Paragraph \($0): the harbour authority said on Tuesday that the night ferry would cost 410,000 euros."
        }
        let content = ArticleContent(
            headline: "Night ferry across the harbour", bylines: ["Bench"], body: paragraphs, slug: "bench-story",
            desk: "city")
        let claims = (1...4).map { Claim(id: "c\($0)", text: paragraphs[$0]) }
        let id = try await newsroom.draft(content, claims: claims, by: editor).articleID
        for number in 1...3 {
            try await newsroom.perform(.edit(ContentChange(kicker: "Update \(number)")), on: id, by: editor)
            try await newsroom.perform(.comment("Checked with the desk, round \(number)."), on: id, by: editor)
        }
        try await newsroom.perform(.submit, on: id, by: editor)
        return id
    }
}
