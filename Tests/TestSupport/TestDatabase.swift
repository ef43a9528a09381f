public import Foundation
public import Postgres

/// Databases for tests, each test its own, on a cluster the test command started.
///
/// The cluster is the one `GALLEY_TEST_DATABASE_URL` names (the test script sets it to the private cluster it
/// started); when the variable is unset, `scripts/postgres start` starts the private test cluster. No other
/// server is ever contacted.
public enum TestDatabase {
    /// The project's root folder, found from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The migrations shipped in the repository.
    public static var migrationsFolder: URL { packageRoot.appendingPathComponent("migrations") }

    /// The cluster's maintenance database, where test databases are created and dropped.
    public static func adminConfiguration() throws -> ConnectionConfiguration {
        try ConnectionConfiguration(try clusterURL.get())
    }

    private static let clusterURL: Result<String, TestSetupError> = {
        if let url = ProcessInfo.processInfo.environment["GALLEY_TEST_DATABASE_URL"], !url.isEmpty {
            return .success(url)
        }
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent("scripts/postgres")
        process.arguments = ["start"]
        var environment = ProcessInfo.processInfo.environment
        environment["GALLEY_PG_NAME"] = "test-postgres"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            return .failure(TestSetupError(message: "cannot run scripts/postgres: \(error)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let url = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !url.isEmpty else {
            return .failure(TestSetupError(message: "scripts/postgres start failed; run scripts/test instead"))
        }
        return .success(url)
    }()

    /// Creates an empty database (migrated when asked), hands its configuration to `body`, then drops it.
    public static func withFresh<T: Sendable>(
        migrated: Bool = true, _ body: (ConnectionConfiguration) async throws -> T
    ) async throws -> T {
        let admin = try await Connection.connect(try adminConfiguration())
        let name = "galley_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        // Identifiers cannot be parameters; this name is made of hex digits only.
        try await admin.withSession { try $0.runScript("CREATE DATABASE \(name)") }
        let configuration = try adminConfiguration().replacingDatabase(with: name)
        do {
            if migrated {
                let connection = try await Connection.connect(configuration)
                try await Migrator.load(from: migrationsFolder).migrate(on: connection)
                await connection.close()
            }
            let value = try await body(configuration)
            try await admin.withSession { try $0.runScript("DROP DATABASE \(name) WITH (FORCE)") }
            await admin.close()
            return value
        } catch {
            _ = try? await admin.withSession { try $0.runScript("DROP DATABASE \(name) WITH (FORCE)") }
            await admin.close()
            throw error
        }
    }
}

/// The test cluster could not be reached or started.
public struct TestSetupError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
