import ArgumentParser
import Coding
import Foundation
import Postgres

/// `galley db`: questions about the database itself.
struct Database: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Inspect the database Galley uses.",
        subcommands: [Status.self])

    /// `galley db status`: server version, applied and pending migrations.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the server's version and which migrations are applied or pending.",
            discussion: "Example:\n  galley db status")

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var migrations: MigrationsOptions

        func run() async throws {
            try await CommandFailure.report {
                let migrator = try migrations.migrator()
                let (target, version, status) = try await database.withConnection { connection in
                    let version: String = try await connection.query("SHOW server_version")[0].decode(0)
                    return (connection.target, version, try await migrator.status(on: connection))
                }
                if output.json {
                    let changed = Set(status.changed.map(\.version))
                    print(
                        JSONValue.object([
                            "database": .string(target), "server_version": .string(version),
                            "applied": .array(
                                status.applied.map {
                                    .object([
                                        "file": .string($0.fileName),
                                        "applied_at": .string(Timestamp.rfc3339($0.appliedAt)),
                                        "changed_since": .bool(changed.contains($0.version)),
                                    ])
                                }),
                            "pending": .array(status.pending.map { .string($0.fileName) }),
                            "unknown": .array(status.unknown.map { .string($0.fileName) }),
                            "pending_functions": .array(status.pendingFunctions.map { .string($0.fileName) }),
                        ]).canonicalText)
                    return
                }
                print("database    \(target)")
                print("server      PostgreSQL \(version)")
                print("migrations  \(status.applied.count) applied, \(status.pending.count) pending")
                let time = Date.ISO8601FormatStyle()
                for record in status.applied {
                    let note = status.changed.contains { $0.version == record.version } ? "  CHANGED SINCE APPLIED" : ""
                    print("  applied   \(record.fileName)  \(record.appliedAt.formatted(time))\(note)")
                }
                for record in status.unknown {
                    print("  unknown   \(record.fileName)  (applied by a newer galley)")
                }
                for migration in status.pending { print("  pending   \(migration.fileName)") }
                print("functions   \(migrator.functions.count) file(s), \(status.pendingFunctions.count) to apply")
                for function in status.pendingFunctions { print("  pending   functions/\(function.fileName)") }
            }
        }
    }
}
