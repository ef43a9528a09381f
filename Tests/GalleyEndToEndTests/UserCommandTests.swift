import Foundation
import Postgres
import TestSupport
import Testing

/// The admin's user and token commands through the built binary, and the history they leave in the log.
@Suite("galley users and tokens")
struct UserCommandTests {
    @Test("users and tokens: each change answered in words, twice answered alike, all in the user's history")
    func adminCommands() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo, "USER": "ops"]
            func galley(_ arguments: [String]) async throws -> CommandRun {
                try await CommandRun.galley(arguments, environment: environment)
            }
            #expect(try await galley(["users", "add", "root", "--role", "admin"]).status == 0)
            let added = try await galley(
                ["users", "add", "ana", "--role", "reporter", "--display-name", "Ana Reis", "--as", "root"])
            #expect(added.status == 0 && added.output == "added ana (reporter)\n")
            #expect(try await galley(["users", "roles", "ana", "--role", "reporter", "--role", "editor"]).status == 0)
            #expect(try await galley(["users", "disable", "ana"]).output == "disabled ana\n")
            #expect(
                try await galley(["users", "disable", "ana"]).output == "ana was already disabled; nothing changed\n")
            #expect(try await galley(["users", "enable", "ana"]).output == "enabled ana\n")
            let issued = try await galley(
                ["tokens", "issue", "ana", "--label", "laptop", "--expires-at", "2099-01-01T00:00:00Z"])
            let id = try #require(issued.output.split(separator: "_").dropFirst().first.map(String.init))
            #expect(try await galley(["tokens", "revoke", id]).output == "revoked \(id)\n")
            #expect(
                try await galley(["tokens", "revoke", id]).output == "\(id) was already revoked; nothing changed\n")
            let list = try await galley(["tokens", "list"])
            #expect(list.output.hasPrefix("ID  ") && list.output.contains("2099-01-01T00:00:00Z  laptop"))
            let json = try await galley(["tokens", "list", "--json"])
            let token = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(token?["label"] as? String == "laptop" && token?["expires_at"] as? String == "2099-01-01T00:00:00Z")
            let missing = try await galley(["users", "history", "zed", "--json"])
            let error = try JSONSerialization.jsonObject(with: Data(missing.errorOutput.utf8)) as? [String: Any]
            #expect((error?["error"] as? [String: Any])?["exit_code"] as? Int == 66)

            let notAdmin = try await galley(["users", "disable", "ana", "--as", "ana"])
            #expect(notAdmin.status == 77 && notAdmin.errorOutput.contains("ana is not an admin"))
            let badRole = try await galley(["users", "roles", "ana", "--role", "chief"])
            #expect(badRole.status == 64)

            let history = try await galley(["users", "history", "ana"])
            let lines = history.output.split(separator: "\n")
            #expect(lines.count == 6, "\(history.output)")
            #expect(lines[0].contains("  root  UserAdded  added with roles reporter, shown as Ana Reis"))
            #expect(lines[1].contains("  system:ops  UserRolesChanged  roles set to editor, reporter"))
            #expect(lines[4].contains("TokenIssued  token \(id) issued (laptop), expires 2099-01-01T00:00:00Z"))
            #expect(try await galley(["users", "history", "zed"]).status == 66)
            #expect(try await galley(["verify"]).status == 0)
        }
    }
}
