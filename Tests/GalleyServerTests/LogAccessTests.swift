import Editorial
import Galley
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import GalleyServer

/// `--log-access`: the log's tree in public by default, or behind an API token.
@Suite("Who may read the log's checkpoints, tiles and proofs")
struct LogAccessTests {
    @Test("public by default; with log access token, /log asks for an API token as /v1 does")
    func access() async throws {
        try await TestDatabase.withFresh { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 4)
            let newsroom = Newsroom(pool: pool)
            _ = try await newsroom.users.add("aud", roles: [.auditor], by: "admin")
            let token = try await TokenStore(pool: pool).issue(for: "aud", by: "admin").token
            do {
                for access in LogAccess.allCases {
                    var server = GalleyServer(database: configuration)
                    server.logAccess = access
                    let router = server.makeRouter(
                        pool: pool, projections: ProjectionRunner(configuration: configuration),
                        tokens: TokenCache(tokens: TokenStore(pool: pool), configuration: configuration),
                        feed: LogFeed(configuration: configuration, logger: server.logger), templates: nil)
                    try await Application(router: router).test(.router) { client in
                        // No checkpoint is signed yet: a reader who may look is told so (404).
                        for path in ["/log/checkpoint", "/log/tile/0/000", "/log/proof/1"] {
                            try await client.execute(uri: path, method: .get) { response in
                                #expect(response.status == (access == .public ? .notFound : .unauthorized), "\(path)")
                            }
                            try await client.execute(
                                uri: path, method: .get, headers: [.authorization: "Bearer \(token)"]
                            ) { response in
                                #expect(response.status == .notFound, "\(path)")
                            }
                        }
                    }
                }
                await pool.close()
            } catch {
                await pool.close()
                throw error
            }
        }
    }
}
