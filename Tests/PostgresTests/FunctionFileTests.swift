import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Function files")
struct FunctionFileTests {
    /// The last migration applied before function files existed: databases migrated by earlier builds stand here.
    static let lastMigrationBeforeFunctionFiles = 20

    @Test("a database migrated before function files existed ends with the schema of a fresh one")
    func oldAndFreshDatabasesAgree() async throws {
        let migrator = try Migrator.load(from: TestDatabase.migrationsFolder)
        let fresh = try await TestDatabase.withFresh(migrated: false) { configuration in
            try await Connection.with(configuration) { connection in
                try await migrator.migrate(on: connection)
                return try await Self.schema(on: connection)
            }
        }
        let upgraded = try await TestDatabase.withFresh(migrated: false) { configuration in
            try await Connection.with(configuration) { connection in
                let old = Migrator(
                    migrations: migrator.migrations.filter { $0.version <= Self.lastMigrationBeforeFunctionFiles })
                try await old.migrate(on: connection)
                let applied = try await migrator.migrate(on: connection)
                #expect(applied.functions == migrator.functions)
                return try await Self.schema(on: connection)
            }
        }
        #expect(!fresh.isEmpty)
        #expect(upgraded == fresh)
        #expect(fresh.contains { $0.hasPrefix("function events_stream_head(text)") })
    }

    @Test("a function file is applied when new and again only when its text changes")
    func appliedWhenChanged() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            try await Connection.with(configuration) { connection in
                let table = Migration(version: 1, fileName: "0001_notes.sql", sql: "CREATE TABLE notes (body text);")
                var function = FunctionFile(
                    fileName: "note_count.sql",
                    sql:
                        "CREATE OR REPLACE FUNCTION note_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM notes';"
                )
                let first = try await Migrator(migrations: [table], functions: [function]).migrate(on: connection)
                #expect(first.migrations == [table] && first.functions == [function])
                #expect(try await Migrator(migrations: [table], functions: [function]).migrate(on: connection).isEmpty)

                function.sql =
                    "CREATE OR REPLACE FUNCTION note_count() RETURNS bigint LANGUAGE sql AS 'SELECT 42::bigint';"
                let changed = Migrator(migrations: [table], functions: [function])
                #expect(try await changed.status(on: connection).pendingFunctions == [function])
                let again = try await changed.migrate(on: connection)
                #expect(again.migrations.isEmpty && again.functions == [function])
                #expect(try await connection.query("SELECT note_count() AS n")[0].decode("n", as: Int64.self) == 42)
                #expect(try await changed.status(on: connection).pendingFunctions.isEmpty)
            }
        }
    }

    @Test("a failing function file is rolled back, named, and tried again next run")
    func failingFunctionFile() async throws {
        try await TestDatabase.withFresh(migrated: false) { configuration in
            try await Connection.with(configuration) { connection in
                let broken = FunctionFile(
                    fileName: "broken.sql",
                    sql: "CREATE OR REPLACE FUNCTION broken() RETURNS int LANGUAGE sql AS 'SELECT x FROM nowhere';")
                let migrator = Migrator(migrations: [], functions: [broken])
                let error = await #expect(throws: MigrationError.self) { try await migrator.migrate(on: connection) }
                let pending = try await migrator.status(on: connection).pendingFunctions
                guard case .failed("functions/broken.sql", let cause)? = error else {
                    Issue.record("not the function file's failure: \(String(describing: error))")
                    return
                }
                #expect(cause.sqlState == "42P01")
                #expect(pending == [broken])
            }
        }
    }

    @Test("a function file that says CREATE FUNCTION is refused, since it could not be applied twice")
    func plainCreateRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "galley-migrations-\(UUID().uuidString)")
        let functions = FunctionFile.folder(in: folder)
        try FileManager.default.createDirectory(at: functions, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "-- not CREATE FUNCTION, but:\nCREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';"
            .write(to: functions.appendingPathComponent("one.sql"), atomically: true, encoding: .utf8)
        #expect(try FunctionFile.load(fromMigrations: folder).map(\.fileName) == ["one.sql"])
        try "CREATE FUNCTION two() RETURNS int LANGUAGE sql AS 'SELECT 2';"
            .write(to: functions.appendingPathComponent("two.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.functionNotReplaceable("functions/two.sql")) {
            try FunctionFile.load(fromMigrations: folder)
        }
    }

    /// The schema as lines that compare whole: every function's definition, column, index, constraint and
    /// trigger of the public schema.
    static func schema(on connection: Connection) async throws -> [String] {
        try await connection.query(
            """
            SELECT line FROM (
                SELECT 'function ' || p.oid::regprocedure::text || E'\\n' || pg_get_functiondef(p.oid) AS line
                FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
                UNION ALL
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
                       || coalesce(column_default, '')
                FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL
                SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL
                SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                UNION ALL
                SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
            ) AS schema ORDER BY line
            """
        ).map { try $0.decode("line") }
    }
}
