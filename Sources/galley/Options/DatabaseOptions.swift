import ArgumentParser
import Foundation
import Galley
import Postgres

/// The options every command that talks to the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL or conninfo string; overrides GALLEY_DATABASE_URL and DATABASE_URL.", valueName: "URL"))
    var databaseURL: String?

    /// The resolved configuration.
    func configuration() throws -> ConnectionConfiguration {
        try DatabaseSettings.resolve(explicit: databaseURL, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens one connection for the length of `body`.
    func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        try await Connection.with(try configuration(), body)
    }
}

extension DatabaseOptions {
    /// Opens a small pool for the length of `body`.
    func withPool<T: Sendable>(_ body: (ConnectionPool) async throws -> T) async throws -> T {
        let pool = ConnectionPool(configuration: try configuration(), maxConnections: 2)
        do {
            let value = try await body(pool)
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }
}

/// Where to find the SQL migrations.
struct MigrationsOptions: ParsableArguments {
    @Option(
        name: .customLong("migrations"),
        help: ArgumentHelp(
            "Folder of NNNN_name.sql files; default: GALLEY_MIGRATIONS, then the ones shipped with galley.",
            valueName: "DIR"))
    var directory: String?

    /// The migrator over the located folder.
    func migrator() throws -> Migrator {
        try MigrationsLocation.load(
            explicit: directory, environment: ProcessInfo.processInfo.environment,
            executable: Bundle.main.executableURL)
    }
}
