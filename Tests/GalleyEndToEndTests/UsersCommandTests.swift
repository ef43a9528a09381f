import Foundation
import Postgres
import TestSupport
import Testing

@Suite("galley users")
struct UsersCommandTests {
    @Test("users are added with roles, listed, and disabled; bad input is refused and writes nothing")
    func users() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let added = try await CommandRun.galley(
                ["users", "add", "bo", "--role", "editor", "--role", "admin"], environment: environment)
            #expect(added.status == 0, "\(added.errorOutput)")
            #expect(added.output == "added bo (admin, editor)\n")
            #expect(
                try await CommandRun.galley(["users", "add", "ana", "--role", "reporter"], environment: environment)
                    .status == 0)

            let duplicate = try await CommandRun.galley(
                ["users", "add", "ana", "--role", "editor"], environment: environment)
            #expect(duplicate.status == 64)
            #expect(duplicate.errorOutput.contains("already exists"))
            let badRole = try await CommandRun.galley(
                ["users", "add", "cy", "--role", "publisher"], environment: environment)
            #expect(badRole.status == 64)
            let badName = try await CommandRun.galley(
                ["users", "add", "Cy Young", "--role", "editor"], environment: environment)
            #expect(badName.status == 64)
            let noRole = try await CommandRun.galley(["users", "add", "cy"], environment: environment)
            #expect(noRole.status == 64)

            #expect(try await CommandRun.galley(["users", "disable", "ana"], environment: environment).status == 0)
            let missing = try await CommandRun.galley(["users", "disable", "nobody"], environment: environment)
            #expect(missing.status == 66)

            let list = try await CommandRun.galley(["users", "list"], environment: environment)
            #expect(
                list.output
                    == "NAME  ROLES         STATE     DISPLAY NAME\nana   reporter      disabled\nbo    admin,editor  active\n"
            )
        }
    }

    @Test("users passwd reads the password from standard input; a short one or an unknown user is refused")
    func passwd() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            _ = try await CommandRun.galley(["users", "add", "ana", "--role", "reporter"], environment: environment)
            let set = try await CommandRun.galley(
                ["users", "passwd", "ana"], environment: environment, input: "a long enough password\n")
            #expect(set.status == 0, "\(set.errorOutput)")
            #expect(set.output == "ana may sign in to the web app with the new password; their other sessions ended\n")
            let short = try await CommandRun.galley(
                ["users", "passwd", "ana"], environment: environment, input: "short\n")
            #expect(short.status == 64)
            #expect(short.errorOutput.contains("a password has at least 10 characters"))
            let empty = try await CommandRun.galley(["users", "passwd", "ana"], environment: environment, input: "")
            #expect(empty.status == 64)
            #expect(empty.errorOutput.contains("give the password on standard input's first line"))
            let unknown = try await CommandRun.galley(
                ["users", "passwd", "nobody"], environment: environment, input: "a long enough password\n")
            #expect(unknown.status == 66)
            let history = try await CommandRun.galley(["users", "history", "ana"], environment: environment)
            #expect(history.output.components(separatedBy: "web password set").count == 2)
        }
    }
}
