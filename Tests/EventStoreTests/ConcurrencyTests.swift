import Coding
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Concurrency: the heart of the log")
struct ConcurrencyTests {
    @Test(
        "8 writers, some holding transactions open and some rolling back: a subscriber sees every committed event once, in order"
    )
    func subscriberUnderConcurrentWriters() async throws {
        try await TestDatabase.withStore { store, configuration in
            let connection = try await Connection.connect(configuration)
            try await connection.execute("CREATE TABLE seen (position bigint PRIMARY KEY)")
            await connection.close()

            let delivered = Collected<Int64>()
            let subscription = Subscription(
                name: "audit", configuration: configuration, batchSize: 7, pollInterval: .milliseconds(200))
            let follower = Task {
                try await subscription.run { events, session in
                    for event in events {
                        try session.execute("INSERT INTO seen (position) VALUES ($1)", [event.position])
                    }
                    delivered.append(contentsOf: events.map(\.position))
                }
            }

            let rolledBack = Collected<Int64>()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        let connection = try await Connection.connect(configuration)
                        for round in 0..<30 {
                            if round % 3 == 0 {
                                // Through the store: group-committed appends.
                                try await store.append(
                                    to: "w\(writer)", expected: .any,
                                    events: [NewEvent(type: "Stored", data: .int(Int64(round)))],
                                    metadata: EventMetadata(actor: "writer\(writer)"))
                                continue
                            }
                            // By hand: a transaction that draws a position, waits, then commits or rolls back.
                            try await connection.execute("BEGIN")
                            let position: Int64 = try await connection.query(
                                """
                                INSERT INTO events (stream_id, version, type, data, metadata, recorded_at, hash)
                                VALUES ($1, 1, 'Raw', '{}', '{}', now(), $2) RETURNING position
                                """, ["raw-\(UUID())", Data(repeating: 7, count: 32)])[0].decode("position")
                            try await Task.sleep(for: .milliseconds(Int.random(in: 0...25)))
                            if Int.random(in: 0..<4) == 0 {
                                try await connection.execute("ROLLBACK")
                                rolledBack.append(position)
                            } else {
                                try await connection.execute("COMMIT")
                            }
                        }
                        await connection.close()
                    }
                }
                try await group.waitForAll()
            }

            let head = try await store.head()
            let checker = try await Connection.connect(configuration)
            for _ in 0..<1_000 {
                if try await Subscription.checkpoint(of: "audit", on: checker) >= head { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            follower.cancel()
            _ = try? await follower.value

            let committed: [Int64] = try await checker.query("SELECT position FROM events ORDER BY position")
                .map { try $0.decode("position") }
            let seen = delivered.elements
            #expect(committed.count == 8 * 30 - rolledBack.elements.count)
            #expect(seen == committed, "the subscriber saw \(seen.count) of \(committed.count) events")
            #expect(Set(seen).isDisjoint(with: rolledBack.elements))
            let persisted: Int = try await checker.query("SELECT count(*) AS n FROM seen")[0].decode("n")
            #expect(persisted == committed.count)
            await checker.close()
        }
    }

    @Test("two writers race on one stream with the same expected version, 1,000 rounds: exactly one wins each round")
    func expectedVersionRace() async throws {
        try await TestDatabase.withFresh { configuration in
            // Two stores over two pools: the race crosses connections, not just one group commit.
            let pools = (0..<2).map { _ in ConnectionPool(configuration: configuration, maxConnections: 2) }
            let stores = pools.map { EventStore(pool: $0) }
            for round in 0..<1_000 {
                let expected: ExpectedVersion = round == 0 ? .noStream : .exact(Int64(round))
                let outcomes = await withTaskGroup(of: Result<AppendResult, any Error>.self) { group in
                    for store in stores {
                        group.addTask {
                            do {
                                return .success(
                                    try await store.append(
                                        to: "contested", expected: expected,
                                        events: [NewEvent(type: "Edited", data: .int(Int64(round)))],
                                        metadata: EventMetadata(actor: "racer")))
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let winners = outcomes.compactMap { try? $0.get() }
                #expect(winners.count == 1, "round \(round)")
                #expect(winners.first?.streamVersion == Int64(round + 1))
                for case .failure(let error) in outcomes {
                    #expect(
                        error as? EventStoreError
                            == .wrongExpectedVersion(stream: "contested", expected: expected, actual: Int64(round + 1)))
                }
            }
            let finalVersion = try await stores[0].version(of: "contested")
            #expect(finalVersion == 1_000)
            for pool in pools { await pool.close() }
        }
    }

    @Test("a long read-only transaction does not hold delivery back; a rolled-back gap is skipped")
    func readOnlyTransactionDoesNotBlock() async throws {
        try await TestDatabase.withStore { store, configuration in
            let reader = try await Connection.connect(configuration)
            try await reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try await reader.query("SELECT count(*) FROM events")

            let writer = try await Connection.connect(configuration)
            try await writer.execute("BEGIN")
            try await writer.query(
                "INSERT INTO events (stream_id, version, type, data, metadata, recorded_at, hash) VALUES ('gone', 1, 'Raw', '{}', '{}', now(), $1)",
                [Data(repeating: 1, count: 32)])
            try await writer.execute("ROLLBACK")
            let after = try await store.append(
                to: "kept", expected: .noStream, events: [NewEvent(type: "T", data: .null)],
                metadata: EventMetadata(actor: "a"))

            // Transaction ids are cluster-wide: a write transaction of a test running beside this one, in its
            // own database, also delays the gap's resolution (CI once saw one outlast 60 s), so the wait is
            // generous, and a failure names the transactions that were still running.
            let events = try await store.readAll(after: 0, limit: 10, timeout: .seconds(240))
            if events.isEmpty {
                let running = try await reader.query(
                    """
                    SELECT datname, backend_xid::text AS xid, left(query, 120) AS query
                    FROM pg_stat_activity WHERE backend_xid IS NOT NULL ORDER BY xact_start
                    """)
                let described = try running.map {
                    "\(try $0.decode("datname", as: String?.self) ?? "?") \(try $0.decode("xid", as: String.self)) "
                        + "\(try $0.decode("query", as: String?.self) ?? "")"
                }
                Issue.record("the gap was not resolved; transactions with ids: \(described)")
            }
            #expect(events.map(\.position) == after.positions)
            try await reader.execute("COMMIT")
            await reader.close()
            await writer.close()
        }
    }

    @Test("a write transaction in flight holds back later events until it ends, then they arrive in order")
    func inFlightWriteHoldsBack() async throws {
        try await TestDatabase.withStore { store, configuration in
            let slow = try await Connection.connect(configuration)
            try await slow.execute("BEGIN")
            let held: Int64 = try await slow.query(
                "INSERT INTO events (stream_id, version, type, data, metadata, recorded_at, hash) VALUES ('slow', 1, 'Raw', '{}', '{}', now(), $1) RETURNING position",
                [Data(repeating: 1, count: 32)])[0].decode("position")
            let fast = try await store.append(
                to: "fast", expected: .noStream, events: [NewEvent(type: "T", data: .null)],
                metadata: EventMetadata(actor: "a"))
            #expect(try await store.readAll(after: 0, limit: 10, timeout: .milliseconds(200)).isEmpty)
            try await slow.execute("COMMIT")
            #expect(try await store.readAll(after: 0, limit: 10).map(\.position) == [held] + fast.positions)
            await slow.close()
        }
    }
}
