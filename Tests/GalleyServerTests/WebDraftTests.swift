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

@Suite("Filing a draft from the web app")
struct WebDraftTests {
    @Test("the new-story form sent twice with its one-time key files one story; the second answer is the first's")
    func doubleSubmit() async throws {
        try await TestDatabase.withFresh { configuration in
            let server = GalleyServer(database: configuration)
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let signIn = WebSignIn(pool: pool)
            var sessions: [(secret: String, csrf: String)] = []
            for name in ["ana", "eve"] {
                _ = try await UserDirectory(pool: pool).add(name, roles: [.reporter], by: "admin")
                try await signIn.setPassword(name, "correct horse battery", by: "admin")
                let (secret, session) = try await signIn.signIn(
                    name: name, password: "correct horse battery", from: "127.0.0.1")
                sessions.append((secret, session.csrfToken))
            }
            let (secret, eve) = (sessions[0].secret, sessions[1])
            let router = server.makeRouter(
                pool: pool, projections: ProjectionRunner(configuration: configuration),
                tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                feed: LogFeed(configuration: configuration, logger: server.logger),
                templates: try await WebTemplates.load())
            let key = UUID().uuidString.lowercased()
            let form =
                "csrf=\(sessions[0].csrf)&form_key=\(key)&headline=Ferry+to+run+all+night&desk=city&body=Text."
            let headers: HTTPFields = [
                .cookie: "galley_session=\(secret)", .contentType: "application/x-www-form-urlencoded",
            ]
            do {
                try await Application(router: router).test(.router) { client in
                    var locations: [String] = []
                    for _ in 0..<2 {
                        try await client.execute(
                            uri: "/stories", method: .post, headers: headers, body: ByteBuffer(string: form)
                        ) { response in
                            #expect(response.status == .seeOther)
                            locations.append(response.headers[.location] ?? "")
                        }
                    }
                    #expect(locations[0] == locations[1] && locations[0].hasPrefix("/stories/"), "\(locations)")
                    // Another person sending the same key is not answered with ana's story.
                    try await client.execute(
                        uri: "/stories", method: .post,
                        headers: [
                            .cookie: "galley_session=\(eve.secret)", .contentType: "application/x-www-form-urlencoded",
                        ],
                        body: ByteBuffer(
                            string:
                                "csrf=\(eve.csrf)&form_key=\(key)&headline=Ferry+to+run+all+night&desk=city&body=Text.")
                    ) { response in
                        #expect(response.status == .badRequest)
                        #expect(
                            String(buffer: response.body).contains(
                                "this form was already used; open a new story form and try again"))
                    }
                }
                let stories = try await pool.query(
                    "SELECT count(*) AS n FROM article_slugs WHERE slug LIKE 'ferry-to-run-all-night%'")
                #expect(try stories[0].decode("n", as: Int64.self) == 1)
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }
}
