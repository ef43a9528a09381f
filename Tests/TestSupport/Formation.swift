import Foundation
public import Postgres

/// The tests' pg_auto_failover formation (`scripts/pg-formation`, named `test-formation`, its monitor on port
/// 6100 and its nodes on 6101 and 6102 unless GALLEY_TEST_FORMATION_PORT moves them): a primary, its synchronous standby and the monitor that promotes one
/// when the other dies.
public enum Formation {
    /// The monitor's port: 6100, unless GALLEY_TEST_FORMATION_PORT says otherwise (two runs on one machine).
    static let port = ProcessInfo.processInfo.environment["GALLEY_TEST_FORMATION_PORT"].flatMap { Int($0) } ?? 6_100

    /// The environment every call of the script gets, so that the tests' formation is never a person's own.
    static let environment = ["GALLEY_FORMATION_NAME": "test-formation", "GALLEY_FORMATION_PORT": "\(port)"]

    /// The nodes' ports, the first one's first.
    public static let nodePorts = [port + 1, port + 2]

    /// Starts the formation, or starts again a node that was killed, and waits until one node is primary and the
    /// other its secondary; returns the multi-host URL that finds the primary.
    @discardableResult
    public static func start() async throws -> ConnectionConfiguration {
        let started = try await script(["start"])
        return try ConnectionConfiguration(started.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Kills the primary node's process group (its keeper and its PostgreSQL) and returns the node's name.
    public static func killPrimary() async throws -> String {
        try await script(["kill-primary"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the monitor says each node is, by name ("primary", "secondary", "wait_primary", ...).
    public static func states() async throws -> [String: String] {
        let text = try await script(["state"])
        var states: [String: String] = [:]
        // `pg_autoctl show state` prints a table: name | node | host:port | TLI: LSN | connection | reported | assigned
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 7, cells[0].hasPrefix("node") else { continue }
            states[cells[0]] = cells[5]
        }
        return states
    }

    /// The standby's own address for `configuration`'s database (the node the monitor calls secondary), and a
    /// URL over both nodes that prefers it, as `galley serve --read-database-url` takes.
    public static func standby(of configuration: ConnectionConfiguration) async throws -> (
        own: ConnectionConfiguration, preferring: ConnectionConfiguration
    ) {
        guard let name = try await states().first(where: { $0.value == "secondary" })?.key,
            let number = Int(name.dropFirst("node".count))
        else { throw CommandRun.CommandFailure(message: "the formation has no secondary now") }
        return (
            try configuration.replacing("host", with: "127.0.0.1").replacing("port", with: "\(nodePorts[number - 1])")
                .replacing("target_session_attrs", with: "any"),
            try configuration.replacing("target_session_attrs", with: "prefer-standby")
        )
    }

    /// Creates a migrated database on the formation, hands its configuration (the multi-host URL) to `body`,
    /// then drops it.
    public static func withFresh<T: Sendable>(_ body: (ConnectionConfiguration) async throws -> T) async throws -> T {
        let formation = try await start()
        let name = "galley_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try await Connection.connect(formation)
        // Identifiers cannot be parameters; this name is made of hex digits only.
        try await admin.withSession { try $0.runScript("CREATE DATABASE \(name)") }
        await admin.close()
        let configuration = try formation.replacingDatabase(with: name)
        // libpq tries the hosts in order and stops at a standby that refuses a database it has not yet replayed
        // ("does not exist"), so the database is made known to both nodes before anyone connects.
        var connected: Connection?
        for _ in 0..<100 where connected == nil {
            connected = try? await Connection.connect(configuration)
            if connected == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let migrating: Connection
        if let connected { migrating = connected } else { migrating = try await Connection.connect(configuration) }
        try await Migrator.load(from: TestDatabase.migrationsFolder).migrate(on: migrating)
        await migrating.close()
        func drop() async {
            // The primary may have changed during the test; the URL finds the one that is now.
            guard let admin = try? await Connection.connect(formation) else { return }
            _ = try? await admin.withSession { try $0.runScript("DROP DATABASE \(name) WITH (FORCE)") }
            await admin.close()
        }
        do {
            let value = try await body(configuration)
            await drop()
            return value
        } catch {
            await drop()
            throw error
        }
    }

    /// Runs `scripts/pg-formation` with `arguments` and returns its standard output.
    private static func script(_ arguments: [String]) async throws -> String {
        let run = try await CommandRun.run(
            executable: TestDatabase.packageRoot.appendingPathComponent("scripts/pg-formation"), arguments: arguments,
            environment: environment)
        guard run.status == 0 else {
            throw CommandRun.CommandFailure(
                message: "scripts/pg-formation \(arguments.joined(separator: " ")) failed: \(run.errorOutput)")
        }
        return run.output
    }
}
