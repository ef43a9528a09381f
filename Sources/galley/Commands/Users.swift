import ArgumentParser
import Coding
import Editorial
import EventStore
import Foundation
import Galley
import Postgres

/// `galley users`: the people who use Galley, their roles and display names; every change is in the log.
///
/// Run by whoever holds the database's credentials (the admin), so the first admin can be added.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list, disable and enable users, set their roles and display names, show their history.",
        discussion: """
            Every change is recorded in the hash-chained log (the stream user-NAME) with who made it: an admin \
            named with --as, or system:<your login>. galley users history NAME shows who could do what, when.
            """,
        subcommands: [
            Add.self, List.self, Disable.self, Enable.self, Roles.self, DisplayName.self, Passwd.self, History.self,
        ])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user with one or more roles.",
            discussion: """
                Roles: reporter, editor, fact_checker, auditor, admin.

                Examples:
                  galley users add ana --role reporter --display-name "Ana Reis"
                  galley users add bo --role editor --role admin
                """)

        @Argument(help: "The user's name: a-z first, then a-z, 0-9, '.', '_', '-'.")
        var name: String

        @Option(name: .customLong("role"), help: "A role; repeat for several.")
        var roles: [Role] = []

        @Option(name: .customLong("display-name"), help: "How bylines and pages name them; default: the name.")
        var displayName: String?

        @OptionGroup var admin: AdminOptions

        func validate() throws {
            guard !roles.isEmpty else { throw ValidationError("give at least one --role") }
        }

        func run() async throws {
            try await admin.run { pool, actor in
                let user = try await UserDirectory(pool: pool).add(
                    name, roles: Set(roles), displayName: displayName, by: actor)
                print("added \(user.name) (\(user.roles.sorted().map(\.rawValue).joined(separator: ", ")))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List users, their roles, display names and whether they are disabled.",
            discussion: "With --json, one object a user (JSON lines).\n\nExample:\n  galley users list")

        @OptionGroup var limit: ListLimit

        @Option(help: ArgumentHelp("The users after this name.", valueName: "NAME"))
        var after: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.list(
                "galley users list", output: output,
                read: { try await UserDirectory(pool: $0).list(limit: try limit.size(), after: after) },
                json: { user in
                    .object([
                        "name": .string(user.name), "roles": .array(user.roles.sorted().map { .string($0.rawValue) }),
                        "disabled": .bool(user.disabled),
                        "display_name": user.displayName.map(JSONValue.string) ?? .null,
                        "created_at": .string(Timestamp.rfc3339(user.createdAt)),
                    ])
                },
                text: { users in
                    Columns.render(
                        ["NAME", "ROLES", "STATE", "DISPLAY NAME"],
                        users.map { user in
                            [
                                user.name, user.roles.sorted().map(\.rawValue).joined(separator: ","),
                                user.disabled ? "disabled" : "active", user.displayName ?? "",
                            ]
                        })
                })
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a user: they stay in the history but can no longer act.",
            discussion: "Disabling a disabled user changes nothing and says so.\n\nExample:\n  galley users disable ana"
        )

        @OptionGroup var user: UserSwitch

        func run() async throws { try await user.set(disabled: true) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a disabled user act again.",
            discussion: "Example:\n  galley users enable ana")

        @OptionGroup var user: UserSwitch

        func run() async throws { try await user.set(disabled: false) }
    }

    struct Roles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a user's roles.",
            discussion: "Example:\n  galley users roles bo --role editor --role admin")

        @Argument(help: "The user's name.")
        var name: String

        @Option(name: .customLong("role"), help: "A role; repeat for several. The user has exactly these after.")
        var roles: [Role] = []

        @OptionGroup var admin: AdminOptions

        func validate() throws {
            guard !roles.isEmpty else { throw ValidationError("give at least one --role") }
        }

        func run() async throws {
            try await admin.run { pool, actor in
                let changed = try await UserDirectory(pool: pool).setRoles(name, Set(roles), by: actor)
                let list = Set(roles).sorted().map(\.rawValue).joined(separator: ", ")
                print(changed ? "\(name) now has the roles \(list)" : "\(name) already had the roles \(list)")
            }
        }
    }

    struct DisplayName: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "display-name",
            abstract: "Set how bylines and pages name a user, or remove it with --remove.",
            discussion:
                "Examples:\n  galley users display-name ana \"Ana Reis\"\n  galley users display-name ana --remove")

        @Argument(help: "The user's name.")
        var name: String

        @Argument(help: "The display name.")
        var displayName: String?

        @Flag(help: "Remove the display name; bylines then use the login name.")
        var remove = false

        @OptionGroup var admin: AdminOptions

        func validate() throws {
            guard (displayName == nil) == remove else { throw ValidationError("give a display name, or --remove") }
        }

        func run() async throws {
            try await admin.run { pool, actor in
                let changed = try await UserDirectory(pool: pool).setDisplayName(name, displayName, by: actor)
                let now = displayName.map { "is shown as \($0)" } ?? "has no display name"
                print(changed ? "\(name) \(now)" : "\(name) already \(now); nothing changed")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the password a user signs in to the web app with.",
            discussion: """
                The password is read from standard input (its first line), or asked for twice on a terminal \
                without being shown. Only its bcrypt hash is stored; the log records that it was set. Setting it \
                ends the user's web sessions.

                Examples:
                  galley users passwd ana
                  printf '%s\\n' "$PASSWORD" | galley users passwd ana
                """)

        @Argument(help: "The user's name.")
        var name: String

        @OptionGroup var admin: AdminOptions

        func run() async throws {
            try await admin.run { pool, actor in
                let password = try PasswordPrompt.read(for: name)
                try await WebSignIn(pool: pool).setPassword(name, password, by: actor)
                print("\(name) may sign in to the web app with the new password; their other sessions ended")
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every recorded change to a user and their tokens: who made it and when.",
            discussion: "Example:\n  galley users history ana")

        @Argument(help: "The user's name.")
        var name: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let events = try await database.withPool { try await UserDirectory(pool: $0).history(of: name) }
                for event in events {
                    if output.json {
                        print(event.exportLine())
                    } else {
                        let actor = (try? event.actor()) ?? "?"
                        print(
                            "#\(event.position)  v\(event.version)  "
                                + "\(Timestamp.rfc3339(microseconds: event.recordedAtMicroseconds))  \(actor)  "
                                + "\(event.type)  \(UserEvent.summary(of: event))")
                    }
                }
            }
        }
    }
}
