import Foundation
import Galley
import Postgres

/// A throwaway database for one benchmark run, created and dropped on the configured server.
struct BenchmarkDatabase {
    let configuration: ConnectionConfiguration
    let adminConfiguration: ConnectionConfiguration
    let migrations: URL
    private let name: String

    /// Creates `galley_bench_<random>` beside the database `admin` points at, and applies the migrations.
    static func create(admin: ConnectionConfiguration, migrations: URL) async throws -> BenchmarkDatabase {
        let name = "galley_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let connection = try await Connection.connect(admin)
        // An identifier cannot be a parameter; this one is made of hex digits only.
        try await connection.withSession { try $0.runScript("CREATE DATABASE \(name)") }
        await connection.close()
        let configuration = try admin.replacingDatabase(with: name)
        let database = try await Connection.connect(configuration)
        try await Migrator.load(from: migrations).migrate(on: database)
        await database.close()
        return BenchmarkDatabase(
            configuration: configuration, adminConfiguration: admin, migrations: migrations, name: name)
    }

    /// Creates a database for `body` from the environment's server and drops it afterwards, whatever happens.
    static func with(migrations: String, _ body: (BenchmarkDatabase) async throws -> Void) async throws {
        let admin = try DatabaseSettings.resolve(environment: ProcessInfo.processInfo.environment)
        let database = try await create(admin: admin, migrations: URL(fileURLWithPath: migrations))
        do {
            try await body(database)
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }

    func drop() async {
        guard let connection = try? await Connection.connect(adminConfiguration) else { return }
        _ = try? await connection.withSession { try $0.runScript("DROP DATABASE \(name) WITH (FORCE)") }
        await connection.close()
    }
}
