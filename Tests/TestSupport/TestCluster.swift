import Foundation
public import Postgres

/// A second, throwaway PostgreSQL cluster, for tests that must cross clusters (dump and restore).
public enum TestCluster {
    /// Starts a fresh private cluster, hands `body` its maintenance database, then destroys it.
    public static func withSecondCluster<T: Sendable>(_ body: (ConnectionConfiguration) async throws -> T) async throws
        -> T
    {
        let name = "second-\(UUID().uuidString.prefix(8).lowercased())"
        let script = TestDatabase.packageRoot.appendingPathComponent("scripts/postgres")
        let environment = ["GALLEY_PG_NAME": name]
        let start = try await CommandRun.run(executable: script, arguments: ["start"], environment: environment)
        guard start.status == 0 else {
            throw TestSetupError(message: "second cluster did not start: \(start.errorOutput)")
        }
        let configuration = try ConnectionConfiguration(start.output.trimmingCharacters(in: .whitespacesAndNewlines))
        do {
            let value = try await body(configuration)
            _ = try await CommandRun.run(executable: script, arguments: ["destroy"], environment: environment)
            return value
        } catch {
            _ = try await CommandRun.run(executable: script, arguments: ["destroy"], environment: environment)
            throw error
        }
    }
}
