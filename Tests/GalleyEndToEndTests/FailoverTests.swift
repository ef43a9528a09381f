import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

/// Two `galley serve` processes on a pg_auto_failover formation (`scripts/pg-formation`), under load, while the
/// primary node is killed and, once it is back as the standby, killed again the other way round.
@Suite("galley serve on a failover pair", .serialized)
struct FailoverTests {
    /// What the writers saw: the stories acknowledged, the 503s, and when each writer was next acknowledged
    /// after the latest kill.
    final class Tally: Sendable {
        struct State {
            var acknowledged: [String] = []
            var unavailable = 0
            var unexpected: [String] = []
            var killedAt: ContinuousClock.Instant?
            var backAfterKill: [Int: Duration] = [:]
            var published: [String] = []
            var stopped = false
        }
        let state = Mutex(State())

        var stopped: Bool { state.withLock { $0.stopped } }

        func killed() {
            state.withLock {
                $0.killedAt = .now; $0.backAfterKill = [:]
            }
        }

        /// A story acknowledged to a writer who sent it at `sent`: the first such after a kill times the writer's
        /// return (a command sent before the kill and answered after says nothing of the new primary).
        func acknowledged(_ id: String, by writer: Int, sent: ContinuousClock.Instant) {
            state.withLock { state in
                state.acknowledged.append(id)
                if let killed = state.killedAt, sent >= killed, state.backAfterKill[writer] == nil {
                    state.backAfterKill[writer] = .now - killed
                }
            }
        }
    }

    @Test(
        "the primary killed under load and then the other: every acknowledged command once, every follower gap-free, webhooks and the tree carry on, the old primary rejoins"
    )
    func failover() async throws {
        try await Formation.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let ana = try await CommandRun.userWithToken("ana", role: "reporter", environment: environment)
            let bo = try await CommandRun.userWithToken("bo", role: "editor", environment: environment)
            let cy = try await CommandRun.userWithToken("cy", role: "fact_checker", environment: environment)
            let auditor = try await CommandRun.userWithToken("au", role: "auditor", environment: environment)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("failover-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let key = folder.appendingPathComponent("log.key").path
            let made = try await CommandRun.galley(
                ["log", "keygen", "--origin", "failover.example/log", "--output", key], environment: environment)
            #expect(made.status == 0, "\(made.errorOutput)")

            // A partner with an endpoint: every published story must reach it across both failovers.
            let receiver = try await WebhookReceiver.start()
            defer { receiver.stop() }
            #expect(
                try await CommandRun.galley(["subscribers", "add", "wire", "--desk", "city"], environment: environment)
                    .status == 0)
            let endpoint = try await CommandRun.galley(
                ["subscribers", "endpoint", "add", "wire", receiver.url("wire"), "--allow-private"],
                environment: environment)
            #expect(endpoint.status == 0, "\(endpoint.errorOutput)")
            try receiver.accept("wire", secrets: [endpoint.output.trimmingCharacters(in: .whitespacesAndNewlines)])

            var servers: [String: ServerProcess] = [:]
            for name in ["galley-a", "galley-b"] {
                servers[name] = try await ServerProcess.start(
                    environment: environment.merging(["PGAPPNAME": name]) { $1 },
                    arguments: [
                        "--log-key", key, "--checkpoint-interval", "1", "--webhooks-allow-private",
                        "--webhook-retry-delays", "0.2,0.5,1,2,4,8,8,8", "--webhook-timeout", "2",
                        // The writers are one person giving commands as fast as they are answered.
                        "--command-burst", "100000", "--commands-per-second", "100000",
                    ])
            }
            defer { for server in servers.values { server.killIfRunning() } }
            let ports = [servers["galley-a"]!.port, servers["galley-b"]!.port]

            // Followers: each server's SSE feed, and `galley events --follow` on the database itself.
            let marker = "End of the failover test"
            let sse = ports.map { port in
                Task {
                    try await EventStreamClient.read(
                        port: port, path: "/v1/events", headers: ["Authorization: Bearer \(auditor)"],
                        timeout: .seconds(180)
                    ) { $0.contains(marker) }
                }
            }
            let followed = folder.appendingPathComponent("follow.jsonl")
            _ = FileManager.default.createFile(atPath: followed.path, contents: nil)
            let follower = Process()
            follower.executableURL = BuiltProducts.galley
            follower.arguments = ["events", "--follow", "--json"]
            follower.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            follower.standardOutput = try FileHandle(forWritingTo: followed)
            follower.standardError = FileHandle.nullDevice
            try follower.run()
            defer { if follower.isRunning { follower.terminate() } }

            // Writers: each drafts stories through one server or the other, retrying a 503 with the same
            // Idempotency-Key, as a client should.
            let tally = Tally()
            @Sendable func command(
                _ port: Int, _ token: String, _ path: String, _ json: [String: Any], writer: Int
            ) async throws -> HTTPClient.Reply {
                let key = UUID().uuidString
                // Bounded, so that a formation that never comes back fails the test instead of holding CI.
                let deadline = ContinuousClock.now + .seconds(120)
                while true {
                    let reply = try await HTTPClient(port: port, token: token).send(
                        "POST", path, json: json, headers: ["Idempotency-Key": key])
                    if reply.status == 503, ContinuousClock.now < deadline {
                        tally.state.withLock { $0.unavailable += 1 }
                        try await Task.sleep(for: .milliseconds(200))
                        continue
                    }
                    if !(200..<300).contains(reply.status) {
                        tally.state.withLock {
                            $0.unexpected.append(
                                "\(path): \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
                        }
                    }
                    return reply
                }
            }
            let writers = (0..<4).map { writer in
                Task {
                    var number = 0
                    while !tally.stopped {
                        number += 1
                        let sent = ContinuousClock.now
                        let reply = try await command(
                            ports[writer % 2], ana, "/v1/articles",
                            ["headline": "Writer \(writer) story \(number)", "desk": "city", "body": ["Text."]],
                            writer: writer)
                        if let id = reply.json["id"] as? String { tally.acknowledged(id, by: writer, sent: sent) }
                        // A steady load, not a flood: the rest of the suite runs beside this test.
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
            }
            // A desk that publishes some of them, so that deliveries run through the failovers too.
            let desk = Task {
                var done = 0
                while !tally.stopped {
                    let pending = tally.state.withLock { $0.acknowledged }.dropFirst(done * 10).first
                    guard let id = pending else {
                        try await Task.sleep(for: .milliseconds(100))
                        continue
                    }
                    done += 1
                    let port = ports[done % 2]
                    _ = try await command(port, ana, "/v1/articles/\(id)/submit", [:], writer: -1)
                    _ = try await command(port, bo, "/v1/articles/\(id)/fact-check", [:], writer: -1)
                    _ = try await command(
                        port, cy, "/v1/articles/\(id)/fact-check/approve", ["no_claims": true], writer: -1)
                    let reply = try await command(port, bo, "/v1/articles/\(id)/publish", [:], writer: -1)
                    if (200..<300).contains(reply.status) { tally.state.withLock { $0.published.append(id) } }
                }
            }

            var failovers: [(kill: String, first: Duration, last: Duration, unavailable: Int, rejoin: Duration)] = []
            for _ in 0..<2 {
                try await Task.sleep(for: .seconds(2))
                let before = tally.state.withLock { $0.unavailable }
                let killed = try await Formation.killPrimary()
                tally.killed()
                // Every writer acknowledged again, then the killed node started again, to rejoin as the standby.
                let deadline = ContinuousClock.now + .seconds(90)
                while tally.state.withLock({ $0.backAfterKill.count }) < writers.count, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                }
                let back = tally.state.withLock { $0.backAfterKill.values.sorted() }
                #expect(back.count == writers.count, "writers acknowledged again after the kill: \(back)")
                let rejoining = ContinuousClock.now
                try await Formation.start()
                let rejoin = ContinuousClock.now - rejoining
                #expect(try await Formation.states()[killed] == "secondary", "\(killed) rejoins as the standby")
                failovers.append(
                    (
                        killed, back.first ?? .zero, back.last ?? .zero,
                        tally.state.withLock { $0.unavailable } - before, rejoin
                    ))
            }
            try await Task.sleep(for: .seconds(1))
            tally.state.withLock { $0.stopped = true }
            for writer in writers { try await writer.value }
            try await desk.value
            let end = try await command(
                ports[0], ana, "/v1/articles", ["headline": marker, "desk": "city", "body": ["Done."]], writer: -1)
            #expect(end.status == 201)

            // Each follower reaches the marker; what each delivered is every event of the log, once, in order.
            let log = try await Connection.with(configuration) { connection in
                try await connection.query("SELECT position FROM events ORDER BY position").map {
                    try $0.decode("position", as: Int64.self)
                }
            }
            for (index, reader) in sse.enumerated() {
                let delivered = EventStreamClient.parse(try await reader.value).compactMap { Int64($0.id) }
                #expect(
                    delivered == log,
                    """
                    the SSE follower of server \(index): \(delivered.count) events of \(log.count); missing \
                    \(Set(log).subtracting(delivered).sorted().prefix(20)), not in the log \
                    \(Set(delivered).subtracting(log).sorted().prefix(20)), repeated \(delivered.count - Set(delivered).count)
                    """)
            }
            func followerPositions() -> [Int64] {
                let text = (try? String(contentsOf: followed, encoding: .utf8)) ?? ""
                return text.split(separator: "\n").compactMap {
                    (((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["position"] as? Int)
                        .map(Int64.init)
                }
            }
            let followDeadline = ContinuousClock.now + .seconds(60)
            while followerPositions().last != log.last, ContinuousClock.now < followDeadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(followerPositions() == log, "galley events --follow")

            // Every acknowledged story is in the log once; nothing else was refused.
            let acknowledged = tally.state.withLock { $0.acknowledged }
            let drafted = try await Connection.with(configuration) { connection in
                try await connection.query(
                    "SELECT stream_id, count(*) AS n FROM events WHERE type = 'ArticleDrafted' GROUP BY stream_id"
                ).map { (try $0.decode("stream_id", as: String.self), try $0.decode("n", as: Int64.self)) }
            }
            #expect(Set(acknowledged).count == acknowledged.count)
            #expect(drafted.allSatisfy { $0.1 == 1 }, "a story drafted twice")
            #expect(Set(acknowledged.map { "article-\($0)" }).isSubset(of: Set(drafted.map(\.0))))
            #expect(tally.state.withLock { $0.unexpected }.isEmpty, "\(tally.state.withLock { $0.unexpected })")
            #expect(try await CommandRun.galley(["verify"], environment: environment).status == 0)

            // Both servers' projections catch up; the tree reaches the log's size; every publication is delivered.
            for port in ports {
                let ready = try await Self.poll(.seconds(60)) {
                    let reply = try await HTTPClient(port: port).send("GET", "/readyz")
                    return reply.status == 200 && reply.json["projection_lag"] as? Int == 0
                }
                #expect(ready, "projections of the server on \(port) caught up")
            }
            let treeCaughtUp = try await Self.poll(.seconds(60)) {
                let note = try await HTTPClient(port: ports[1]).send("GET", "/log/checkpoint")
                let lines = String(decoding: note.body, as: UTF8.self).split(separator: "\n")
                return lines.count > 1 && Int(lines[1]) == log.count
            }
            #expect(treeCaughtUp, "the tree holds every event")
            let publications = tally.state.withLock { $0.published }
            #expect(!publications.isEmpty)
            let deliveries = try await receiver.wait("wire", timeout: .seconds(90)) { got in
                Set(publications).isSubset(of: Set(got.filter { $0.type == "story.published" }.compactMap(\.story)))
            }
            #expect(
                Set(publications).isSubset(
                    of: Set(deliveries.filter { $0.type == "story.published" }.compactMap(\.story))),
                "every publication reached the partner")
            #expect(deliveries.allSatisfy { $0.verified })

            // A killed server's leadership (projections, the deliverer, the tree builder) moves to the other.
            let leases = try await Self.leaders(configuration)
            await servers["galley-a"]!.kill()
            let moved = try await Self.poll(.seconds(30)) {
                let now = try await Self.leaders(configuration)
                return Set(now.values) == ["galley-b"] && Set(now.keys) == Set(leases.keys)
            }
            #expect(moved, "galley-b leads every subscription galley-a led")
            #expect(await servers["galley-b"]!.stop() == 0)

            for (index, failover) in failovers.enumerated() {
                FileHandle.standardError.write(
                    Data(
                        """
                        failover \(index + 1) (killed \(failover.kill)): first writer back after \(failover.first), \
                        last after \(failover.last), \(failover.unavailable) answers 503, old primary rejoined \
                        in \(failover.rejoin); \(acknowledged.count) stories acknowledged in all

                        """.utf8))
            }
        }
    }

    @Test(
        "reads that may lag go to the standby, a person's own command is visible there at once, a standby that stopped replaying hands the read to the primary, and a server on the standby is not ready"
    )
    func standbyReads() async throws {
        try await Formation.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let ana = try await CommandRun.userWithToken("ana", role: "reporter", environment: environment)
            let standby = try await Formation.standby(of: configuration)
            let server = try await ServerProcess.start(
                environment: environment.merging(["PGAPPNAME": "galley-reads"]) { $1 },
                arguments: ["--read-database-url", standby.preferring.conninfo, "--read-wait", "1"])
            defer { server.killIfRunning() }
            let client = HTTPClient(port: server.port, token: ana)
            @Sendable func draftAndRead(_ number: Int) async throws {
                let drafted = try await client.send(
                    "POST", "/v1/articles", json: ["headline": "Ferry \(number)", "desk": "city", "body": ["Text."]])
                #expect(drafted.status == 201)
                let id = try #require(drafted.json["id"] as? String)
                // At once, with no wait on the client's side: the server waits for whichever answers.
                let story = try await client.send("GET", "/v1/articles/\(id)")
                #expect(story.status == 200 && story.json["headline"] as? String == "Ferry \(number)")
                let list = try await client.send("GET", "/v1/articles?limit=200")
                #expect(list.items.count == number, "the list holds every story drafted so far")
            }
            // The standby counts the scans of the stories' table its own sessions made (the wait asks another
            // table), so a rise says the reads were answered there.
            @Sendable func storyScansOnStandby() async throws -> Int64 {
                try await Connection.with(standby.own) { connection in
                    try await connection.query(
                        """
                        SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)::int8 AS n
                        FROM pg_stat_user_tables WHERE relname = 'articles'
                        """
                    )[0].decode("n", as: Int64.self)
                }
            }
            let scansBefore = try await storyScansOnStandby()
            for number in 1...5 { try await draftAndRead(number) }
            // Searches too, through the standby's pool for searches.
            let found = try await client.send("GET", "/v1/search?q=ferry")
            #expect(found.status == 200 && found.items.count == 5, "\(String(decoding: found.body, as: UTF8.self))")
            // A session's counts reach the shared statistics when it idles, within seconds.
            let answeredThere = try await Self.poll(.seconds(20)) { try await storyScansOnStandby() > scansBefore }
            #expect(answeredThere, "the stories were read on the standby")

            // A standby that no longer replays never answers with less than the person wrote: the primary does.
            try await Connection.with(standby.own) { _ = try await $0.query("SELECT pg_wal_replay_pause()") }
            do {
                for number in 6...7 { try await draftAndRead(number) }
            } catch {
                // The formation outlives the test: its standby must not stay paused.
                _ = try? await Connection.with(standby.own) { try await $0.query("SELECT pg_wal_replay_resume()") }
                throw error
            }
            try await Connection.with(standby.own) { _ = try await $0.query("SELECT pg_wal_replay_resume()") }
            #expect(await server.stop() == 0)

            // A server whose URL lands on the standby could write nothing: it is not ready, and says why.
            let misdirected = try await ServerProcess.start(environment: ["GALLEY_DATABASE_URL": standby.own.conninfo])
            defer { misdirected.killIfRunning() }
            let ready = try await HTTPClient(port: misdirected.port).send("GET", "/readyz")
            #expect(ready.status == 503)
            #expect(
                (ready.json["detail"] as? String)?.hasPrefix("the database is a standby and takes no writes") == true)
            await misdirected.kill()
        }
    }

    /// Who holds each subscription's leadership lock: its key, and the holder's application name.
    static func leaders(_ configuration: ConnectionConfiguration) async throws -> [String: String] {
        try await Connection.with(configuration) { connection in
            try await connection.query(
                """
                SELECT l.objid::text AS key, a.application_name FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.classid::int8 = $1 AND l.granted
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, [Int64(0x5355_4253)]
            ).reduce(into: [:]) { leaders, row in
                leaders[try row.decode("key", as: String.self)] = try row.decode("application_name", as: String.self)
            }
        }
    }

    /// Asks `condition` every 200 ms until it holds or `limit` passes; whether it held.
    static func poll(_ limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
