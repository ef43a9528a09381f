import ArgumentParser
import Foundation
import Galley

/// `galley tokens`: the HTTP service's bearer tokens.
///
/// Run by whoever holds the database's credentials (the admin), like `galley users`.
struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue, list and revoke bearer tokens for the HTTP service.",
        subcommands: [Issue.self, List.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token for a user; it is printed once and stored only as a hash.",
            discussion: "Example:\n  galley tokens issue bo")

        @Argument(help: "The user the token acts as.")
        var user: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let (token, record) = try await database.withPool { try await TokenStore(pool: $0).issue(for: user) }
                print(token)
                FileHandle.standardError.write(
                    Data("issued token \(record.id) for \(record.user); it will not be shown again\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens (never the tokens themselves): id, user, issued, revoked.",
            discussion: "Example:\n  galley tokens list\n  galley tokens list --user bo")

        @Option(help: "Only this user's tokens.")
        var user: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let records = try await database.withPool { try await TokenStore(pool: $0).list(user: user) }
                for record in records {
                    let revoked = record.revokedAt.map { "\trevoked \(StoryPrinter.time($0))" } ?? ""
                    print("\(record.id)\t\(record.user)\tissued \(StoryPrinter.time(record.createdAt))\(revoked)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by its id; requests bearing it get 401 from then on.",
            discussion: "Example:\n  galley tokens revoke 7k3q9m2xwd")

        @Argument(help: "The token's id, as tokens list shows it.")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                try await database.withPool { try await TokenStore(pool: $0).revoke(id) }
                print("revoked \(id)")
            }
        }
    }
}
