import ArgumentParser
import Postgres

/// `galley migrate`: applies pending migrations.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations, in order, each in its own transaction.",
        discussion: """
            Safe to run again (nothing pending: nothing done) and from several processes at once (they take turns).
            An applied migration whose file has changed is an error that names the file.
            Then each function file (functions/NAME.sql) that is new or has changed is applied again.

            Example:
              galley migrate --database-url postgres://galley@localhost/galley
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var migrations: MigrationsOptions

    func run() async throws {
        try await CommandFailure.report {
            let migrator = try migrations.migrator()
            let applied = try await database.withConnection { try await migrator.migrate(on: $0) }
            if applied.isEmpty {
                print("The database is up to date: all \(migrator.migrations.count) migration(s) applied.")
            } else {
                for migration in applied.migrations { print("applied \(migration.fileName)") }
                for function in applied.functions { print("applied functions/\(function.fileName)") }
            }
        }
    }
}
