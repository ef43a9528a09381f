import Postgres
import TestSupport
import Testing

@Suite("Errors and transactions")
struct ErrorTests {
    @Test("a unique violation says so and names its constraint")
    func uniqueViolation() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            try await connection.execute("CREATE TABLE slugs (slug text CONSTRAINT slugs_slug_key UNIQUE)")
            try await connection.execute("INSERT INTO slugs VALUES ($1)", ["ceasefire"])
            let error = await #expect(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO slugs VALUES ($1)", ["ceasefire"])
            }
            #expect(error?.isUniqueViolation == true)
            guard case .server(let server) = error else { Issue.record("not a server error"); return }
            #expect(server.sqlState == .uniqueViolation)
            #expect(server.constraint == "slugs_slug_key")
            #expect(server.table == "slugs")
            #expect(server.detail?.contains("ceasefire") == true)
            await connection.close()
        }
    }

    @Test("a transaction commits on return and rolls back on throw")
    func transactions() async throws {
        struct Refused: Error {}
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            try await connection.execute("CREATE TABLE notes (body text)")
            try await connection.transaction { try await $0.execute("INSERT INTO notes VALUES ($1)", ["kept"]) }
            await #expect(throws: Refused.self) {
                try await connection.transaction { connection in
                    try await connection.execute("INSERT INTO notes VALUES ($1)", ["dropped"])
                    throw Refused()
                }
            }
            // A failed statement whose error was swallowed still prevents the commit.
            await #expect(
                throws: PostgresError.server(
                    ServerError(
                        sqlState: "25P02", severity: "ERROR",
                        message: "a statement in the transaction failed, so nothing was committed"))
            ) {
                try await connection.transaction { connection in
                    try await connection.execute("INSERT INTO notes VALUES ($1)", ["also dropped"])
                    _ = try? await connection.execute("SELECT 1/0")
                }
            }
            let bodies = try await connection.query("SELECT body FROM notes").map {
                try $0.decode("body", as: String.self)
            }
            #expect(bodies == ["kept"])
            #expect(try await connection.withSession { $0.transactionStatus } == .idle)
            await connection.close()
        }
    }

    @Test("a serialization failure is recognizable")
    func serializationFailure() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let first = try await Connection.connect(configuration)
            let second = try await Connection.connect(configuration)
            try await first.execute("CREATE TABLE counter (n int)")
            try await first.execute("INSERT INTO counter VALUES (0)")
            try await first.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
            try await second.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
            try await first.query("SELECT n FROM counter")
            try await second.query("SELECT n FROM counter")
            try await first.execute("UPDATE counter SET n = n + 1")
            try await first.execute("COMMIT")
            let error = await #expect(throws: PostgresError.self) {
                try await second.execute("UPDATE counter SET n = n + 1")
            }
            #expect(error?.isSerializationFailure == true && error?.sqlState == .serializationFailure)
            try await second.execute("ROLLBACK")
            await first.close()
            await second.close()
        }
    }

    @Test("an unreachable server names its target without the password")
    func unreachable() async throws {
        let configuration = try ConnectionConfiguration(
            "postgresql://reporter:s3cret@127.0.0.1:1/newsroom?connect_timeout=2")
        #expect(configuration.description == "reporter@127.0.0.1:1/newsroom")
        // libpq's words for a refused connection vary with the system; the case and the target do not.
        let error = await #expect(throws: PostgresError.self) { try await Connection.connect(configuration) }
        guard case .connectionFailed(let target, _) = error else {
            Issue.record("wrong error: \(String(describing: error))"); return
        }
        #expect(target == "reporter@127.0.0.1:1/newsroom")
        #expect(error?.description.contains("s3cret") == false)
        #expect(error?.isConnectionLost == true)
    }

    @Test("a malformed URL is refused before connecting, without echoing it")
    func malformedURL() {
        // The words are libpq's, which may change between its versions; the URL itself must be named, not echoed.
        let error = #expect(throws: PostgresError.self) { try ConnectionConfiguration("postgresql://a:pw@[::1") }
        guard case .invalidConfiguration(let message)? = error else {
            Issue.record("not a configuration error: \(String(describing: error))")
            return
        }
        #expect(message.hasSuffix(": the URL") && !message.contains("pw"), "\(message)")
    }

    @Test("a killed backend makes the next call on that connection fail as lost")
    func lostConnection() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let victim = try await Connection.connect(configuration)
            let admin = try await Connection.connect(configuration)
            try await admin.query("SELECT pg_terminate_backend($1)", [victim.backendPID])
            try await Backends.waitUntilGone(victim.backendPID, on: admin)
            // Which error libpq reports for a closed socket, and in which words, varies with the moment it notices.
            let error = await #expect(throws: PostgresError.self) { try await victim.query("SELECT 1") }
            #expect(error?.isConnectionLost == true)
            #expect(await victim.isHealthy() == false)
            await admin.close()
            await victim.close()
        }
    }
}

/// Helpers for tests that kill server processes.
enum Backends {
    /// Waits until the server no longer lists the backend, so its socket is surely closed.
    static func waitUntilGone(_ pid: Int32, on connection: Connection) async throws {
        for _ in 0..<200 {
            let rows = try await connection.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])
            if rows.isEmpty { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("backend \(pid) is still alive")
    }
}
