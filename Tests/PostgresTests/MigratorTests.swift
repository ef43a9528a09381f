import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Migrations")
struct MigratorTests {
    let migrator = try! Migrator.load(from: TestDatabase.migrationsFolder)

    @Test("migrating twice, and twice at once, leaves one correct schema")
    func idempotentAndConcurrent() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let migrator = migrator
            async let first = Self.migrate(configuration, migrator)
            async let second = Self.migrate(configuration, migrator)
            let applied = try await [first, second]
            #expect(applied.sorted() == [0, migrator.migrations.count])

            let connection = try await Connection.connect(configuration)
            #expect(try await migrator.migrate(on: connection).isEmpty)
            let recorded = try await connection.query("SELECT file_name FROM schema_migrations ORDER BY version")
            #expect(
                try recorded.map { try $0.decode("file_name", as: String.self) } == migrator.migrations.map(\.fileName))
            let functions = try await connection.query("SELECT file_name FROM schema_functions ORDER BY file_name")
            #expect(
                try functions.map { try $0.decode("file_name", as: String.self) } == migrator.functions.map(\.fileName))
            let status = try await migrator.status(on: connection)
            #expect(
                status.pending.isEmpty && status.changed.isEmpty && status.unknown.isEmpty
                    && status.pendingFunctions.isEmpty)
            #expect(
                try await connection.query("SELECT to_regclass('events') IS NOT NULL AS present")[0].decode(
                    "present", as: Bool.self))
            await connection.close()
        }
    }

    @Test("an applied migration whose text changed is an error naming the file")
    func changedFile() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            let original = Migration(version: 1, fileName: "0001_notes.sql", sql: "CREATE TABLE notes (body text);")
            try await Migrator(migrations: [original]).migrate(on: connection)
            var edited = original
            edited.sql += "\n-- edited"
            let next = Migration(version: 2, fileName: "0002_more.sql", sql: "CREATE TABLE more (x int);")
            await #expect(throws: MigrationError.changedAfterApply("0001_notes.sql")) {
                try await Migrator(migrations: [edited, next]).migrate(on: connection)
            }
            #expect(
                try await connection.query("SELECT to_regclass('more') IS NULL AS absent")[0].decode(
                    "absent", as: Bool.self))
            await connection.close()
        }
    }

    @Test("a failing migration is rolled back whole and stops the run")
    func failingMigration() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            let connection = try await Connection.connect(configuration)
            let broken = Migration(
                version: 1, fileName: "0001_broken.sql", sql: "CREATE TABLE half (x int); SELECT 1/0;")
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(migrations: [broken]).migrate(on: connection)
            }
            guard case .failed("0001_broken.sql", let cause)? = error else {
                Issue.record("not the broken migration's failure: \(String(describing: error))")
                return
            }
            #expect(cause.sqlState == "22012" && cause.serverMessage == "division by zero")
            #expect(
                try await connection.query("SELECT to_regclass('half') IS NULL AS absent")[0].decode(
                    "absent", as: Bool.self))
            #expect(
                try await connection.query("SELECT count(*) AS n FROM schema_migrations")[0].decode("n", as: Int.self)
                    == 0)
            await connection.close()
        }
    }

    @Test("files not named NNNN_name.sql are refused")
    func badNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "galley-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SELECT 1;".write(to: folder.appendingPathComponent("1_first.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("1_first.sql")) { try Migration.load(from: folder) }
    }

    static func migrate(_ configuration: ConnectionConfiguration, _ migrator: Migrator) async throws -> Int {
        let connection = try await Connection.connect(configuration)
        let applied = try await migrator.migrate(on: connection)
        await connection.close()
        return applied.migrations.count
    }
}
