import Foundation
import Postgres
import TestSupport
import Testing

/// The admin's subscriber commands through the built binary, and the history they leave in the log.
@Suite("galley subscribers")
struct SubscriberCommandTests {
    @Test("subscribers: each change answered in words, twice answered alike, refusals named, all in the history")
    func adminCommands() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo, "USER": "ops"]
            func galley(_ arguments: [String]) async throws -> CommandRun {
                try await CommandRun.galley(arguments, environment: environment)
            }
            #expect(try await galley(["users", "add", "root", "--role", "admin"]).status == 0)
            #expect(try await galley(["users", "add", "ana", "--role", "reporter"]).status == 0)
            let added = try await galley(
                ["subscribers", "add", "wire", "--desk", "city", "--desk", "world", "--language", "en", "--as", "root"])
            #expect(added.status == 0 && added.output == "added wire (desks city, world; languages en)\n")
            let early = try await galley(["subscribers", "add", "early", "--desk", "city", "--embargo-partner"])
            #expect(early.output == "added early (desks city, every language; embargo partner)\n")
            #expect(try await galley(["subscribers", "disable", "wire"]).output == "disabled wire\n")
            #expect(
                try await galley(["subscribers", "disable", "wire"]).output
                    == "wire was already disabled; nothing changed\n")
            #expect(try await galley(["subscribers", "enable", "wire"]).output == "enabled wire\n")
            #expect(
                try await galley(["subscribers", "enable", "wire"]).output == "wire was not disabled; nothing changed\n"
            )

            let issued = try await galley(["subscribers", "token", "wire"])
            #expect(issued.status == 0 && issued.output.hasPrefix("gsub_"))
            #expect(issued.output.split(separator: "\n").count == 1, "stdout holds the token alone")
            let id = try #require(issued.output.split(separator: "_").dropFirst().first.map(String.init))
            #expect(issued.errorOutput.contains("token \(id) for wire; it is shown this once"))
            #expect(try await galley(["subscribers", "revoke-token", id]).output == "revoked \(id)\n")
            #expect(
                try await galley(["subscribers", "revoke-token", id]).output
                    == "\(id) was already revoked; nothing changed\n")

            let list = try await galley(["subscribers", "list"])
            let rows = list.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.map(\.first) == ["NAME", "early", "wire"])
            #expect(rows.last == ["wire", "city,world", "en", "no", "active"])
            #expect(rows[1] == ["early", "city", "all", "yes", "active"])
            let json = try await galley(["subscribers", "list", "--json", "--limit", "1"])
            let first = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(first?["name"] as? String == "early" && first?["embargo_partner"] as? Bool == true)
            #expect(json.errorOutput.contains("galley: more: galley subscribers list --after early"))

            // Refusals: each names what is wrong, and changes nothing.
            let noDesk = try await galley(["subscribers", "add", "bare"])
            #expect(noDesk.status == 64 && noDesk.errorOutput.contains("give at least one --desk"))
            let taken = try await galley(["subscribers", "add", "wire", "--desk", "city"])
            #expect(taken.status != 0 && taken.errorOutput.contains("a subscriber named wire already exists"))
            let badLanguage = try await galley(["subscribers", "add", "odd", "--desk", "city", "--language", "en_GB"])
            #expect(badLanguage.errorOutput.contains("a language is a tag such as en or pt-BR: en_gb"))
            let notAdmin = try await galley(["subscribers", "disable", "wire", "--as", "ana"])
            #expect(notAdmin.status == 77 && notAdmin.errorOutput.contains("ana is not an admin"))
            let unknown = try await galley(["subscribers", "token", "zed"])
            #expect(unknown.status == 66 && unknown.errorOutput.contains("there is no active subscriber named zed"))
            let noReads = try await galley(["subscribers", "reads", "zed"])
            #expect(noReads.status == 66 && noReads.errorOutput.contains("there is no subscriber named zed"))

            let history = try await galley(["subscribers", "history", "wire"])
            let lines = history.output.split(separator: "\n")
            #expect(lines.count == 5, "\(history.output)")
            #expect(lines[0].contains("  root  SubscriberAdded  added with desks city, world, languages en"))
            #expect(lines[1].contains("  system:ops  SubscriberDisabled  disabled"))
            #expect(lines[3].contains("SubscriberTokenIssued  token \(id) issued"))
            #expect(!history.output.contains(issued.output.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(try await galley(["verify"]).status == 0)
        }
    }
}
