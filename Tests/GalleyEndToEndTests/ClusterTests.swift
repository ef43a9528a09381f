import Foundation
import Postgres
import TestSupport
import Testing

/// Several `galley serve` processes on one database, working as one.
@Suite("galley serve: several processes")
struct ClusterTests {
    @Test("three processes share the load; SIGKILL the one running projections and another takes them over")
    func failover() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let token = try await CommandRun.userWithToken("ana", role: "reporter", environment: environment)
            var servers: [String: ServerProcess] = [:]
            for name in ["galley-a", "galley-b", "galley-c"] {
                // PGAPPNAME names each process's connections, so the test can see which holds the projections.
                // One person gives all 90 commands as fast as they are answered: the per-person rate is not
                // what this test is about (a fast run used to meet it).
                servers[name] = try await ServerProcess.start(
                    environment: environment.merging(["PGAPPNAME": name]) { $1 },
                    arguments: ["--command-burst", "100000", "--commands-per-second", "100000"])
            }
            let admin = try await Connection.connect(configuration)
            func holders() async throws -> Set<String> {
                Set(
                    try await admin.query(
                        """
                        SELECT DISTINCT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.classid::int8 = $1 AND l.granted
                          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                        """, [Int64(0x5355_4253)]
                    ).map { try $0.decode("application_name", as: String.self) })
            }
            let ports = servers.mapValues(\.port)
            @Sendable func load(_ range: Range<Int>, through names: [String]) async throws {
                for index in range {
                    let client = HTTPClient(port: ports[names[index % names.count]]!, token: token)
                    let reply = try await client.send(
                        "POST", "/v1/articles",
                        json: ["headline": "Story \(index)", "slug": "story-\(index)", "desk": "city", "body": ["x"]])
                    #expect(reply.status == 201)
                }
            }
            try await load(0..<30, through: Array(servers.keys))
            var victims = try await holders()
            let deadline = ContinuousClock.now + .seconds(10)
            while victims.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                victims = try await holders()
            }
            let victim = try #require(victims.sorted().first, "no process holds a projection")
            let survivors = servers.keys.filter { $0 != victim }.sorted()
            // The kill lands while commands keep arriving at the other two.
            let more = Task { try await load(30..<90, through: survivors) }
            try await Task.sleep(for: .milliseconds(100))
            await servers[victim]!.kill()
            try await more.value
            let created = 90

            // Every projection catches up on a survivor, and the log is intact.
            let probe = HTTPClient(port: servers[survivors[0]]!.port, token: token)
            var ready = false
            let catchUp = ContinuousClock.now + .seconds(30)
            while !ready, ContinuousClock.now < catchUp {
                let status = try await CommandRun.galley(["projections", "status", "--json"], environment: environment)
                let rows = status.output.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                ready = rows.count == 5 && rows.allSatisfy { $0["lag"] as? Int == 0 }
                if !ready { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(ready, "projections did not catch up after the kill")
            #expect(!(try await holders()).contains(victim))
            let stories = try await probe.send("GET", "/v1/articles?limit=200")
            #expect(stories.items.count == created)
            #expect(try await CommandRun.galley(["verify"], environment: environment).status == 0)
            await admin.close()
            for name in survivors { #expect(await servers[name]!.stop() == 0) }
        }
    }
}
