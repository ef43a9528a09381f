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
            _ = try await UserDirectory(pool: pool).add("ana", roles: [.reporter], by: "admin")
            let signIn = WebSignIn(pool: pool)
            try await signIn.setPassword("ana", "correct horse battery", by: "admin")
            let (secret, session) = try await signIn.signIn(
                name: "ana", password: "correct horse battery", from: "127.0.0.1")
            let router = server.makeRouter(
                pool: pool, projections: ProjectionRunner(configuration: configuration),
                tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                feed: LogFeed(configuration: configuration, logger: server.logger),
                templates: try await WebTemplates.load())
            let key = UUID().uuidString.lowercased()
            let form =
                "csrf=\(session.csrfToken)&form_key=\(key)&headline=Ferry+to+run+all+night&desk=city&body=Text."
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
