import Postgres
import TestSupport
import Testing

@Suite("Connection pool")
struct PoolTests {
    @Test("an exhausted pool makes callers wait, then fails with a clear error")
    func exhaustion() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let pool = ConnectionPool(
                configuration: configuration, maxConnections: 2, acquireTimeout: .seconds(3))
            let (release, releaser) = AsyncStream<Void>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            try await connection.query("SELECT 1")
                            for await _ in release { break }
                        }
                    }
                }
                while pool.counts.open < 2 { try await Task.sleep(for: .milliseconds(5)) }
                let clock = ContinuousClock()
                let start = clock.now
                let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
                #expect(error == .poolTimeout(waited: .seconds(3), maxConnections: 2))
                #expect(clock.now - start >= .milliseconds(2_900))
                #expect(error?.description.contains("all 2 are in use") == true)

                // A caller that waits while a connection comes back gets it.
                async let waiting = pool.query("SELECT 2 AS two")
                try await Task.sleep(for: .milliseconds(50))
                releaser.yield()
                releaser.yield()
                releaser.finish()
                #expect(try await waiting[0].decode("two", as: Int.self) == 2)
                try await group.waitForAll()
            }
            #expect(pool.counts.open <= 2)
            await pool.close()
        }
    }

    @Test("a backend killed with pg_terminate_backend is replaced on the next call")
    func replacesBrokenConnection() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 1)
            let first: Int32 = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid")
            let admin = try await Connection.connect(configuration)
            try await admin.query("SELECT pg_terminate_backend($1)", [first])
            try await Backends.waitUntilGone(first, on: admin)
            let second: Int32 = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid")
            #expect(second != first)
            #expect(pool.counts.open == 1)
            await admin.close()
            await pool.close()
        }
    }

    @Test("a connection given back inside a transaction is not reused")
    func discardsOpenTransaction() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: 1)
            let leaked: Int32 = try await pool.withConnection { connection in
                try await connection.execute("BEGIN")
                return try await connection.query("SELECT pg_backend_pid() AS pid")[0].decode("pid")
            }
            let status = try await pool.withConnection { connection in
                try await connection.withSession { $0.transactionStatus }
            }
            let next: Int32 = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid")
            #expect(status == .idle)
            #expect(next != leaked)
            await pool.close()
        }
    }
}
