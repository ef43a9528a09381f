import Foundation
import TestSupport
import Testing

@testable import Postgres

@Suite("A connection's own thread")
struct ConnectionThreadTests {
    @Test(
        "code inside run works on the connection's thread and calls it directly; another connection is reached by a hop and back"
    )
    func runOnConnectionThread() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            let other = try await Connection.connect(configuration)
            #expect(!connection.isOnOwnThread)
            let (before, after, own, others) = try await connection.run {
                let before = connection.isOnOwnThread
                let own: Int32 = try await connection.query("SELECT pg_backend_pid() AS pid")[0].decode("pid")
                let others: Int32 = try await other.query("SELECT pg_backend_pid() AS pid")[0].decode("pid")
                return (before, connection.isOnOwnThread, own, others)
            }
            #expect(before && after)
            #expect(own == connection.backendPID && others == other.backendPID)
            #expect(!connection.isOnOwnThread)
            // A closed connection refuses, on its thread as anywhere.
            await connection.close()
            await #expect(throws: PostgresError.closed) {
                try await connection.run { try await connection.execute("SELECT 1") }
            }
            await other.close()
        }
    }
}
