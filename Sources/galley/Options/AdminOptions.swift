public import ArgumentParser
import Editorial
import Foundation
import Galley
import Postgres

/// Who makes an admin change (users, roles, tokens), for the log: an admin named with `--as`, or else the
/// operating-system account that holds the database's credentials, as `system:LOGIN`, so that the first admin
/// can be added.
struct AdminOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Record the change as made by this admin; default: system:<your login>.", valueName: "NAME"))
    var name: String?

    @OptionGroup var database: DatabaseOptions

    /// The actor the log records, refused when `--as` names someone who is not an active admin.
    func actor(in pool: ConnectionPool) async throws -> String {
        guard let name else {
            let login = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
            return "system:\(login ?? "unknown")"
        }
        let user = try await UserDirectory(pool: pool).actor(name)
        guard user.roles.contains(.admin) else {
            throw GalleyError.forbidden("\(name) is not an admin; only admins change users and tokens")
        }
        return user.name
    }

    /// Runs `body` with a pool and the actor, reporting failures as every command does.
    func run(_ body: (ConnectionPool, String) async throws -> Void) async throws {
        try await CommandFailure.report {
            try await database.withPool { pool in try await body(pool, try await actor(in: pool)) }
        }
    }
}

/// A closed set of roles given with `--role`.
extension Role: ExpressibleByArgument {}
