import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Prepared statements")
struct PreparedStatementTests {
    @Test("a prepared statement is prepared once per connection and gives what the unprepared one gives")
    func preparedOnce() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            try await connection.execute("CREATE TABLE notes (id serial PRIMARY KEY, t text NOT NULL)")
            for text in ["one", "two", "three"] {
                try await connection.execute("INSERT INTO notes (t) VALUES ($1)", [text], prepared: true)
            }
            let rows = try await connection.query("SELECT t FROM notes WHERE id > $1 ORDER BY id", [1], prepared: true)
            #expect(try rows.map { try $0.decode("t", as: String.self) } == ["two", "three"])
            let statements: Int64 = try await connection.query("SELECT count(*) AS n FROM pg_prepared_statements")[0]
                .decode("n")
            #expect(statements == 2)
            // A refusal of a prepared statement is the server's error, as for any other statement.
            do {
                try await connection.execute("INSERT INTO notes (t) VALUES ($1)", [String?.none], prepared: true)
                Issue.record("a NULL into a NOT NULL column was taken")
            } catch let error as PostgresError {
                #expect(error.sqlState == .notNullViolation)
            }
            await connection.close()
        }
    }
}
