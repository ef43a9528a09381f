import ArgumentParser
import Editorial
import Foundation
import Galley
import Postgres

/// `galley users`: the people who use Galley and their roles.
///
/// Run by whoever holds the database's credentials (the admin), so the first admin can be added.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list and disable users.",
        subcommands: [Add.self, List.self, Disable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user with one or more roles.",
            discussion: """
                Roles: reporter, editor, fact_checker, auditor, admin.

                Example:
                  galley users add ana --role reporter
                  galley users add bo --role editor --role admin
                """)

        @Argument(help: "The user's name: a-z first, then a-z, 0-9, '.', '_', '-'.")
        var name: String

        @Option(name: .customLong("role"), help: "A role; repeat for several.")
        var roles: [String] = []

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !roles.isEmpty else { throw ValidationError("give at least one --role") }
            for role in roles where Role(rawValue: role) == nil {
                throw ValidationError("unknown role \(role); use reporter, editor, fact_checker, auditor or admin")
            }
        }

        func run() async throws {
            try await CommandFailure.report {
                let user = try await database.withPool { pool in
                    try await UserDirectory(pool: pool).add(name, roles: Set(roles.compactMap(Role.init(rawValue:))))
                }
                print("added \(user.name) (\(user.roles.sorted().map(\.rawValue).joined(separator: ", ")))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List users, their roles and whether they are disabled.",
            discussion: "Example:\n  galley users list")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let users = try await database.withPool { try await UserDirectory(pool: $0).list() }
                for user in users {
                    let roles = user.roles.sorted().map(\.rawValue).joined(separator: ",")
                    print("\(user.name)\t\(roles)\(user.disabled ? "\tdisabled" : "")")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a user: they stay in the history but can no longer act.",
            discussion: "Example:\n  galley users disable ana")

        @Argument(help: "The user's name.")
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                try await database.withPool { try await UserDirectory(pool: $0).disable(name) }
                print("disabled \(name)")
            }
        }
    }
}
