import Postgres
import TestSupport
import Testing

@testable import Galley

@Suite("Reads bounded in time")
struct StatementTimeoutTests {
    @Test("a statement past its timeout is busy (try again), not a lost database, and the connection lives on")
    func timeout() async throws {
        try await TestDatabase.withFresh { configuration in
            let limited = try configuration.limitingStatements(to: .milliseconds(200))
            let pool = ConnectionPool(configuration: limited, maxConnections: 1)
            do {
                _ = try await pool.query("SELECT pg_sleep(2)")
                Issue.record("the statement ran past its timeout")
            } catch {
                #expect(
                    GalleyError.classify(error)
                        == .busy("the read took longer than it may; narrow it (fewer words, a filter) or try again"))
                #expect((error as? PostgresError)?.isConnectionLost == false)
            }
            let answer: Int32 = try await pool.query("SELECT 1::int4 AS one")[0].decode("one")
            #expect(answer == 1)
            await pool.close()
        }
    }
}
