import ArgumentParser
import Coding
import Editorial
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
            discussion: """
                Examples:
                  galley tokens issue bo
                  galley tokens issue bo --label laptop --expires-at 2027-06-30T00:00:00Z
                """)

        @Argument(help: "The user the token acts as.")
        var user: String

        @Option(help: "What the token is for, shown in tokens list and in the user's history.")
        var label: String?

        @Option(
            name: .customLong("expires-at"),
            help: ArgumentHelp("An RFC 3339 time after which the token stops working.", valueName: "TIME"))
        var expiresAt: String?

        @OptionGroup var admin: AdminOptions

        func validate() throws {
            if let expiresAt, EditorialCoding.date(from: expiresAt) == nil {
                throw ValidationError("--expires-at takes an RFC 3339 time such as 2027-06-30T00:00:00Z")
            }
        }

        func run() async throws {
            try await admin.run { pool, actor in
                let (token, record) = try await TokenStore(pool: pool).issue(
                    for: user, label: label, expiresAt: expiresAt.flatMap(EditorialCoding.date(from:)), by: actor)
                print(token)
                FileHandle.standardError.write(
                    Data("issued token \(record.id) for \(record.user); it will not be shown again\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens (never the tokens themselves): id, user, issued, revoked, expiry, label.",
            discussion:
                "With --json, one object a token (JSON lines).\n\nExamples:\n  galley tokens list\n  galley tokens list --user bo"
        )

        @Option(help: "Only this user's tokens.")
        var user: String?

        @OptionGroup var limit: ListLimit

        @Option(help: ArgumentHelp("The page after this cursor, as the previous page named it.", valueName: "CURSOR"))
        var after: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let time = { (date: Date?) in date.map(StoryPrinter.time) }
            try await database.list(
                "galley tokens list", output: output,
                read: { try await TokenStore(pool: $0).list(user: user, limit: try limit.size(), after: after) },
                json: { record in
                    .object([
                        "id": .string(record.id), "user": .string(record.user),
                        "issued_at": .string(StoryPrinter.time(record.createdAt)),
                        "revoked_at": time(record.revokedAt).map(JSONValue.string) ?? .null,
                        "expires_at": time(record.expiresAt).map(JSONValue.string) ?? .null,
                        "label": record.label.map(JSONValue.string) ?? .null,
                    ])
                },
                text: { records in
                    Columns.render(
                        ["ID", "USER", "ISSUED", "REVOKED", "EXPIRES", "LABEL"],
                        records.map { record in
                            [
                                record.id, record.user, StoryPrinter.time(record.createdAt),
                                time(record.revokedAt) ?? "",
                                time(record.expiresAt) ?? "", record.label ?? "",
                            ]
                        })
                })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by its id; requests bearing it get 401 from then on.",
            discussion:
                "Revoking a revoked token changes nothing and says so.\n\nExample:\n  galley tokens revoke 7k3q9m2xwd")

        @Argument(help: "The token's id, as tokens list shows it.")
        var id: String

        @OptionGroup var admin: AdminOptions

        func run() async throws {
            try await admin.run { pool, actor in
                let changed = try await TokenStore(pool: pool).revoke(id, by: actor)
                print(changed ? "revoked \(id)" : "\(id) was already revoked; nothing changed")
            }
        }
    }
}
