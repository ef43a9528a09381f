import Foundation
import Postgres
import TestSupport
import Testing

/// `galley inbox` and `galley inbox --mark-read`, run as the built binary against a fresh database.
@Suite("galley inbox")
struct InboxCommandTests {
    @Test("the inbox lists what asks something of the user, pages, marks read, and writes nothing to the log")
    func inbox() async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo]
            let galley = { (arguments: [String]) in
                try await CommandRun.galley(arguments, environment: environment, input: nil)
            }
            for (name, role) in [("ana", "reporter"), ("bo", "editor")] {
                #expect(try await galley(["users", "add", name, "--role", role]).status == 0)
            }
            let drafted = try await CommandRun.galley(
                ["draft", "--as", "ana", "--headline", "Ferry adds a night crossing", "--slug", "ferry-night"],
                environment: environment, input: "The ferry will run at 23:30.")
            let id = try #require(drafted.output.split(separator: " ").first.map(String.init))
            for step in [
                ["submit", id, "--as", "ana"], ["send-back", id, "--as", "bo", "--note", "Name the source."],
                ["comment", id, "--as", "bo", "@ana the operator will talk at noon."],
            ] {
                let run = try await galley(step)
                #expect(run.status == 0, "\(step): \(run.errorOutput)")
            }

            let listed = try await galley(["inbox", "--as", "ana"])
            #expect(listed.status == 0, "\(listed.errorOutput)")
            #expect(listed.output.contains("\(id) ferry-night: bo mentioned you"))
            #expect(listed.output.contains("\(id) ferry-night: bo sent it back to you"))
            #expect(listed.output.contains("“Name the source.”"))
            #expect(try await galley(["inbox", "--as", "bo"]).output == "Nothing in your inbox.\n")

            let page = try await galley(["inbox", "--as", "ana", "--limit", "1", "--json"])
            let item = try #require(
                try JSONSerialization.jsonObject(with: Data(page.output.utf8)) as? [String: Any])
            #expect(item["reason"] as? String == "mention" && item["unread"] as? Bool == true)
            #expect(page.errorOutput.contains("galley: more: galley inbox --after "))

            let events = try await galley(["events"]).output
            let marked = try await galley(["inbox", "--as", "ana", "--mark-read", "--json"])
            let mark = try #require(try JSONSerialization.jsonObject(with: Data(marked.output.utf8)) as? [String: Any])
            #expect(mark["unread"] as? Int == 0 && mark["read_through"] as? Int == item["position"] as? Int)
            #expect(try await galley(["events"]).output == events, "a read mark is not an event of the log")
            #expect(try await galley(["inbox", "--as", "ana", "--unread"]).output == "Nothing in your inbox.\n")

            let refused = try await galley(["inbox", "--as", "ana", "--through", "3"])
            #expect(refused.status == 64 && refused.errorOutput.contains("--through goes with --mark-read"))
            let nobody = try await galley(["inbox"])
            #expect(nobody.status == 64 && nobody.errorOutput.contains("say who acts: --as NAME, or set GALLEY_USER"))
        }
    }
}
