public import EventStore
public import Postgres

extension TestDatabase {
    /// A fresh, migrated database with an event store over a small pool.
    public static func withStore<T: Sendable>(
        maxConnections: Int = 8, _ body: (EventStore, ConnectionConfiguration) async throws -> T
    ) async throws -> T {
        try await withFresh(migrated: true) { configuration in
            let pool = ConnectionPool(configuration: configuration, maxConnections: maxConnections)
            do {
                let value = try await body(EventStore(pool: pool), configuration)
                await pool.close()
                return value
            } catch {
                await pool.close()
                throw error
            }
        }
    }
}
