public import Foundation

/// Applies migrations in order, each in its own transaction, recording each with a SHA-256 checksum; then applies
/// again each function file whose checksum differs from the one recorded, also each in its own transaction.
///
/// A session-level advisory lock makes concurrent runs take turns, so two `galley migrate` at once leave one
/// schema; running again when nothing is pending changes nothing.
public struct Migrator: Sendable {
    /// The migrations known to this build, in version order.
    public let migrations: [Migration]
    /// The function files known to this build, in name order (see `FunctionFile`).
    public let functions: [FunctionFile]

    /// The advisory lock key that serializes migration runs ("galley" in ASCII).
    static let lockKey: Int64 = 0x6761_6C6C_6579

    /// Creates a migrator over a list of migrations and function files.
    public init(migrations: [Migration], functions: [FunctionFile] = []) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.functions = functions.sorted { $0.fileName < $1.fileName }
    }

    /// The migrations of a folder and the function files of its `functions/` folder.
    public static func load(from directory: URL) throws -> Migrator {
        Migrator(
            migrations: try Migration.load(from: directory), functions: try FunctionFile.load(fromMigrations: directory)
        )
    }

    /// What a run applied.
    public struct Applied: Sendable, Equatable {
        /// The migrations applied, in order.
        public var migrations: [Migration]
        /// The function files applied because they were new or had changed, in order.
        public var functions: [FunctionFile]
        /// Whether the run found the database up to date.
        public var isEmpty: Bool { migrations.isEmpty && functions.isEmpty }
    }

    /// One applied migration as the database recorded it.
    public struct AppliedMigration: Sendable, Equatable {
        /// Its version number.
        public var version: Int
        /// The file name it had when applied.
        public var fileName: String
        /// The SHA-256 of its text, in hex.
        public var checksum: String
        /// When it was applied.
        public var appliedAt: Date
    }

    /// Where the database stands against this build's migrations.
    public struct Status: Sendable {
        /// Migrations the database has, in order.
        public var applied: [AppliedMigration]
        /// Migrations this build has and the database lacks, in order.
        public var pending: [Migration]
        /// Applied migrations whose file has changed since.
        public var changed: [Migration]
        /// Applied migrations that this build does not know (a newer build applied them).
        public var unknown: [AppliedMigration]
        /// Function files never applied or changed since they were last applied: `migrate` applies them.
        public var pendingFunctions: [FunctionFile] = []
    }

    /// Reads where the database stands without changing anything.
    public func status(on connection: Connection) async throws -> Status {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        let applied = try await exists[0].decode("present", as: Bool.self) ? readApplied(on: connection) : []
        let checksums = try await checksums(of: migrations.map(\.sql), on: connection)
        var status = Status(applied: applied, pending: [], changed: [], unknown: [])
        for (migration, checksum) in zip(migrations, checksums) {
            if let record = applied.first(where: { $0.version == migration.version }) {
                if record.checksum != checksum { status.changed.append(migration) }
            } else {
                status.pending.append(migration)
            }
        }
        status.unknown = applied.filter { record in !migrations.contains { $0.version == record.version } }
        let recorded = try await appliedFunctionChecksums(on: connection)
        let current = try await self.checksums(of: functions.map(\.sql), on: connection)
        status.pendingFunctions = zip(functions, current).filter { recorded[$0.0.fileName] != $0.1 }.map(\.0)
        return status
    }

    /// Applies every pending migration and returns those it applied.
    ///
    /// Stops before applying anything when an applied file has changed.
    @discardableResult
    public func migrate(on connection: Connection) async throws -> Applied {
        try await connection.execute("SELECT pg_advisory_lock($1)", [Self.lockKey])
        do {
            let applied = try await applyPending(on: connection)
            try await connection.execute("SELECT pg_advisory_unlock($1)", [Self.lockKey])
            return applied
        } catch {
            _ = try? await connection.execute("SELECT pg_advisory_unlock($1)", [Self.lockKey])
            throw error
        }
    }

    private func applyPending(on connection: Connection) async throws -> Applied {
        try await connection.withSession { session in
            try session.runScript(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    file_name  text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE IF NOT EXISTS schema_functions (
                    file_name  text        PRIMARY KEY,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        }
        let status = try await status(on: connection)
        if let changed = status.changed.first { throw MigrationError.changedAfterApply(changed.fileName) }
        for migration in status.pending {
            do {
                try await connection.transaction { connection in
                    try await connection.withSession { session in
                        try session.runScript(migration.sql)
                        try session.execute(
                            """
                            INSERT INTO schema_migrations (version, file_name, checksum)
                            VALUES ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'))
                            """, [migration.version, migration.fileName, migration.sql])
                    }
                }
            } catch let error as PostgresError {
                throw MigrationError.failed(migration.fileName, error)
            }
        }
        // After the migrations, so that a function may use any table they made; a function whose signature
        // changes is dropped by a migration first (migrations/README.md).
        for function in status.pendingFunctions {
            do {
                try await connection.transaction { connection in
                    try await connection.withSession { session in
                        try session.runScript(function.sql)
                        try session.execute(
                            """
                            INSERT INTO schema_functions (file_name, checksum)
                            VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'))
                            ON CONFLICT (file_name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()
                            """, [function.fileName, function.sql])
                    }
                }
            } catch let error as PostgresError {
                throw MigrationError.failed("functions/\(function.fileName)", error)
            }
        }
        return Applied(migrations: status.pending, functions: status.pendingFunctions)
    }

    /// Each function file's checksum as last applied, by file name; none before the first run that knew them.
    private func appliedFunctionChecksums(on connection: Connection) async throws -> [String: String] {
        let exists = try await connection.query("SELECT to_regclass('schema_functions') IS NOT NULL AS present")
        guard try exists[0].decode("present", as: Bool.self) else { return [:] }
        let rows = try await connection.query("SELECT file_name, checksum FROM schema_functions")
        return Dictionary(
            uniqueKeysWithValues: try rows.map { (try $0.decode("file_name"), try $0.decode("checksum")) })
    }

    private func readApplied(on connection: Connection) async throws -> [AppliedMigration] {
        try await connection.query(
            "SELECT version, file_name, checksum, applied_at FROM schema_migrations ORDER BY version"
        ).map { row in
            AppliedMigration(
                version: try row.decode("version"), fileName: try row.decode("file_name"),
                checksum: try row.decode("checksum"), appliedAt: try row.decode("applied_at"))
        }
    }

    // The server computes the checksums, so the Postgres layer needs no hashing code of its own.
    private func checksums(of texts: [String], on connection: Connection) async throws -> [String] {
        guard !texts.isEmpty else { return [] }
        return try await connection.query(
            """
            SELECT encode(sha256(convert_to(sql, 'UTF8')), 'hex') AS checksum
            FROM unnest($1::text[]) WITH ORDINALITY AS file(sql, position) ORDER BY position
            """, [texts]
        ).map { try $0.decode("checksum") }
    }
}
