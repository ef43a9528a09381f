import Coding
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Subscriptions")
struct SubscriptionTests {
    @Test("one process runs a subscription at a time; when it dies another takes over from the checkpoint")
    func takeover() async throws {
        try await TestDatabase.withStore { store, configuration in
            let admin = try await Connection.connect(configuration)
            try await admin.execute("CREATE TABLE seen (position bigint PRIMARY KEY, runner int NOT NULL)")
            let handled = Collected<(runner: Int, position: Int64)>()
            func runner(_ id: Int) -> Task<Void, any Error> {
                Task {
                    let subscription = Subscription(
                        name: "projector", configuration: configuration, batchSize: 5, pollInterval: .milliseconds(100),
                        takeoverInterval: .milliseconds(50))
                    try await subscription.run { events, session in
                        for event in events {
                            try session.execute("INSERT INTO seen VALUES ($1, $2)", [event.position, id])
                        }
                        handled.append(contentsOf: events.map { (id, $0.position) })
                    }
                }
            }
            let runners = [runner(0), runner(1)]
            try await appendEvents(20, to: store)
            try await waitForCheckpoint(of: "projector", toReach: try await store.head(), on: admin)
            let first = Set(handled.elements.map(\.runner))
            #expect(first.count == 1, "both runners handled events at once")
            let holder = first.first!

            // The holder dies: its task stops and its backend is killed, as when its process is killed.
            runners[holder].cancel()
            try await admin.query(
                """
                SELECT pg_terminate_backend(pid) FROM pg_locks
                WHERE locktype = 'advisory' AND classid::int8 = $1 AND granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """,
                [Int64(0x5355_4253)])
            try await appendEvents(20, to: store)
            try await waitForCheckpoint(of: "projector", toReach: try await store.head(), on: admin)

            let positions = handled.elements.map(\.position)
            #expect(positions == positions.sorted() && Set(positions).count == 40)
            #expect(handled.elements.suffix(20).allSatisfy { $0.runner != holder })
            let rows: Int = try await admin.query("SELECT count(*) AS n FROM seen")[0].decode("n")
            #expect(rows == 40)
            for task in runners { task.cancel() }
            await admin.close()
        }
    }

    @Test("after a dump and restore into a fresh cluster, new events are delivered after the old ones")
    func survivesDumpAndRestore() async throws {
        try await TestDatabase.withStore { store, configuration in
            try await appendEvents(10, to: store)
            let admin = try await Connection.connect(configuration)
            let subscription = Subscription(name: "feed", configuration: configuration, pollInterval: .milliseconds(50))
            let follower = Task { try await subscription.run { _, _ in } }
            try await waitForCheckpoint(of: "feed", toReach: 10, on: admin)
            follower.cancel()
            await admin.close()

            try await TestCluster.withSecondCluster { restoredAdmin in
                let dump = try await CommandRun.run(
                    executable: URL(fileURLWithPath: "/usr/bin/env"),
                    arguments: ["pg_dump", "--no-owner", "-d", configuration.conninfo])
                #expect(dump.status == 0, "\(dump.errorOutput)")
                let restore = try await CommandRun.run(
                    executable: URL(fileURLWithPath: "/usr/bin/env"),
                    arguments: ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", restoredAdmin.conninfo], input: dump.output
                )
                #expect(restore.status == 0, "\(restore.errorOutput)")

                let pool = ConnectionPool(configuration: restoredAdmin, maxConnections: 4)
                let restored = EventStore(pool: pool)
                #expect(try await restored.verify().firstBroken == nil)
                let appended = try await restored.append(
                    to: "after-restore", expected: .noStream, events: [NewEvent(type: "T", data: .null)],
                    metadata: EventMetadata(actor: "a"))
                #expect(appended.positions == [11])

                let seen = Collected<Int64>()
                let resumed = Subscription(name: "feed", configuration: restoredAdmin, pollInterval: .milliseconds(50))
                let task = Task {
                    try await resumed.run { events, _ in seen.append(contentsOf: events.map(\.position)) }
                }
                let connection = try await Connection.connect(restoredAdmin)
                try await waitForCheckpoint(of: "feed", toReach: 11, on: connection)
                task.cancel()
                #expect(seen.elements == [11])
                await connection.close()
                await pool.close()
            }
        }
    }

    private func appendEvents(_ count: Int, to store: EventStore) async throws {
        for index in 0..<count {
            try await store.append(
                to: "stream-\(index % 3)", expected: .any,
                events: [NewEvent(type: "Happened", data: .int(Int64(index)))],
                metadata: EventMetadata(actor: "tester"))
        }
    }

    private func waitForCheckpoint(of name: String, toReach position: Int64, on connection: Connection) async throws {
        for _ in 0..<500 {
            if try await Subscription.checkpoint(of: name, on: connection) >= position { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("subscription \(name) did not reach \(position)")
    }
}
