import Foundation
import Postgres
import TestSupport
import Testing

/// `galley serve`'s one tail of the log: live feeds cost memory, not database connections.
@Suite("galley serve: live feeds at scale")
struct LiveFeedTests {
    /// A role that may hold at most `limit` connections, with every right on the test database's objects.
    static func limitedRole(_ configuration: ConnectionConfiguration, limit: Int) async throws
        -> ConnectionConfiguration
    {
        let role = "feed_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        // Identifiers cannot be parameters; the name is made of hex digits only.
        try await Connection.with(configuration) { connection in
            try await connection.withSession { session in
                try session.runScript(
                    """
                    CREATE ROLE \(role) LOGIN CONNECTION LIMIT \(limit);
                    GRANT ALL ON ALL TABLES IN SCHEMA public TO \(role);
                    GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO \(role);
                    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO \(role);
                    """)
            }
        }
        return try configuration.replacing("user", with: role)
    }

    @Test("500 live feeds against a role allowed 50 connections: the API and the CLI are still served")
    func fiveHundredStreams() async throws {
        try await TestDatabase.withFresh { configuration in
            let admin = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let token = try await CommandRun.userWithToken("aud", role: "auditor", environment: admin)
            let limited = try await Self.limitedRole(configuration, limit: 50)
            // Every feed comes from this one address: its own cap is lifted, as a trusted proxy's would be.
            let server = try await ServerProcess.start(
                environment: ["GALLEY_DATABASE_URL": limited.conninfo],
                arguments: [
                    "--max-streams", "500", "--max-streams-per-user", "500", "--max-connections-per-address", "1000",
                ])
            let clock = ContinuousClock()
            let start = clock.now
            let streams = try await HeldStreams.open(count: 500, port: server.port, token: token)
            let opened = clock.now - start
            #expect(streams.statusLines.allSatisfy { $0 == "HTTP/1.1 200 OK" }, "\(Set(streams.statusLines))")

            // With every place taken, one more is turned away with a time to come back.
            let refused = try await HeldStreams.open(count: 1, port: server.port, token: token)
            #expect(refused.statusLines == ["HTTP/1.1 503 Service Unavailable"])
            #expect(refused.heads[0].lowercased().contains("retry-after: 5"))
            #expect(refused.heads[0].contains("urn:galley:problem:too-many-streams"))

            // The server holds few connections, the API answers, and the CLI (another role) works.
            let held: Int = try await Connection.with(configuration) { connection in
                try await connection.query(
                    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1",
                    [limited.options["user"]])[0].decode("n")
            }
            #expect(held < 50, "the server holds \(held) connections for 500 feeds")
            let auditor = HTTPClient(port: server.port, token: token)
            let apiStart = clock.now
            #expect(try await auditor.send("GET", "/v1/articles").status == 200)
            let apiTime = clock.now - apiStart
            let cli = try await CommandRun.galley(["users", "list"], environment: admin)
            #expect(cli.status == 0 && cli.output.contains("aud"))

            // A new event reaches a held feed; feeds that hang up give their places back at once.
            streams.close()
            var again = try await HeldStreams.open(count: 1, port: server.port, token: token)
            for _ in 0..<50 where again.statusLines != ["HTTP/1.1 200 OK"] {
                try await Task.sleep(for: .milliseconds(100))
                again = try await HeldStreams.open(count: 1, port: server.port, token: token)
            }
            #expect(again.statusLines == ["HTTP/1.1 200 OK"])
            again.close()
            print("live feeds: 500 opened in \(opened), \(held) server connections, a list answered in \(apiTime)")
            #expect(await server.stop() == 0)
        }
    }
}
