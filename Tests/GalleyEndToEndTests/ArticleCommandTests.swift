import Foundation
import Postgres
import TestSupport
import Testing

/// Drives the built `galley` binary through stories' lives against a fresh database, as the newsroom would.
@Suite("galley article commands")
struct ArticleCommandTests {
    /// A fresh database with the newsroom's people: ana reports, bo edits, cy checks facts, aud audits, and
    /// rex both reports and checks facts.
    func withNewsroom(_ body: (Newsroom) async throws -> Void) async throws {
        try await TestDatabase.withFresh { configuration in
            let newsroom = Newsroom(environment: ["GALLEY_DATABASE_URL": configuration.conninfo])
            for (name, roles) in [
                ("ana", ["reporter"]), ("bo", ["editor"]), ("cy", ["fact_checker"]), ("aud", ["auditor"]),
                ("rex", ["reporter", "fact_checker"]),
            ] {
                let added = try await newsroom.run(["users", "add", name] + roles.flatMap { ["--role", $0] })
                #expect(added.status == 0, "\(added.errorOutput)")
            }
            try await body(newsroom)
        }
    }

    /// Runs `galley` against one database and reads the log's length, so refusals can show they wrote nothing.
    struct Newsroom {
        var environment: [String: String]

        func run(_ arguments: [String], input: String? = nil) async throws -> CommandRun {
            try await CommandRun.galley(arguments, environment: environment, input: input)
        }

        /// Runs a command that must succeed and returns its JSON output.
        func json(_ arguments: [String], input: String? = nil) async throws -> [String: Any] {
            let run = try await run(arguments + ["--json"], input: input)
            #expect(run.status == 0, "\(arguments): \(run.errorOutput)")
            let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
            return try #require(object, "\(arguments) printed \(run.output)")
        }

        /// The same newsroom with `GALLEY_USER` set, for commands run without `--as`.
        func acting(as user: String) -> Newsroom {
            Newsroom(environment: environment.merging(["GALLEY_USER": user]) { $1 })
        }

        func events() async throws -> Int {
            try await run(["events"]).output.split(separator: "\n").count
        }

        /// Runs a command that must be refused with `status`, saying `message`, and writing nothing.
        func refuses(
            _ arguments: [String], status: Int32, saying message: String, input: String? = nil,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            let before = try await events()
            let run = try await run(arguments, input: input)
            #expect(run.status == status, "\(arguments): \(run.errorOutput)", sourceLocation: sourceLocation)
            #expect(
                run.errorOutput.contains(message), "\(arguments): \(run.errorOutput)", sourceLocation: sourceLocation)
            #expect(try await events() == before, "\(arguments) wrote to the log", sourceLocation: sourceLocation)
        }
    }

    static let body =
        "Three night lines will run to the airport from March.\n\nThe city expects 2,300 riders a night.\n"

    func draft(_ newsroom: Newsroom, slug: String = "night-buses-airport", as user: String = "ana") async throws
        -> String
    {
        let drafted = try await newsroom.json(
            [
                "draft", "--as", user, "--headline", "Night buses extended to the airport", "--byline", "Ana Reis",
                "--slug", slug, "--desk", "city",
            ], input: Self.body)
        #expect(drafted["version"] as? Int == 1)
        return try #require(drafted["id"] as? String)
    }

    @Test("a story's whole life: draft, submit, fact-check, sign-off, embargoed publication, correction")
    func wholeLife() async throws {
        try await withNewsroom { newsroom in
            let id = try await draft(newsroom)
            #expect(try await newsroom.acting(as: "ana").json(["submit", id])["version"] as? Int == 2)
            _ = try await newsroom.json(["assign", id, "cy", "--as", "bo"])
            _ = try await newsroom.json(["comment", id, "Is 2,300 a weekday figure?", "--as", "bo"])
            _ = try await newsroom.json(["fact-check", "request", id, "--as", "bo"])
            let claim = try await newsroom.json(
                ["fact-check", "claim", "add", id, "--as", "cy", "--text", "The city expects 2,300 riders a night."])
            #expect((claim["events"] as? [[String: Any]])?.first?["type"] as? String == "ClaimAdded")
            _ = try await newsroom.json(
                [
                    "fact-check", "claim", "verdict", id, "c1", "--as", "cy", "--rating", "accurate", "--evidence",
                    "https://example.org/transit-plan", "--note", "Table 3 of the plan.",
                ])
            let claims = try await newsroom.run(["fact-check", "claim", "list", id, "--as", "cy"])
            #expect(claims.output.contains("c1  accurate (cy, r1)"))
            _ = try await newsroom.json(["fact-check", "approve", id, "--as", "cy"])
            let published = try await newsroom.json(
                ["publish", id, "--as", "bo", "--at", "2031-01-01T06:00:00Z"])
            #expect(published["version"] as? Int == 9)
            // Not public before its embargo, so not corrected: the embargo is lifted first.
            try await newsroom.refuses(
                ["correct", id, "--as", "bo", "--kind", "correction", "--text", "Early."], status: 65,
                saying: "the story is embargoed until 2031-01-01T06:00:00Z and is not corrected before it is public")
            _ = try await newsroom.json(["publish", id, "--as", "bo"])
            _ = try await newsroom.json(
                [
                    "correct", id, "--as", "bo", "--kind", "correction", "--text", "The count is for weekdays.",
                    "--body-file", "-",
                ], input: Self.body.replacingOccurrences(of: "a night", with: "a weeknight"))

            let shown = try await newsroom.json(["show", id, "--as", "aud"])
            #expect(shown["stage"] as? String == "published")
            let lifted = try #require(shown["public_at"] as? String)
            #expect(try Date(lifted, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) < Date())
            #expect(shown["revision"] as? Int == 2)
            #expect((shown["body"] as? [String])?.last == "The city expects 2,300 riders a weeknight.")
            #expect((shown["corrections"] as? [[String: Any]])?.first?["kind"] as? String == "correction")
            #expect((shown["sign_off"] as? [String: Any])?["by"] as? String == "cy")
            #expect(shown["assignee"] as? String == "cy")
            let before = try await newsroom.json(["show", id, "--as", "aud", "--version", "2"])
            #expect(before["stage"] as? String == "editing")

            let history = try await newsroom.run(["history", id, "--as", "aud"])
            #expect(history.output.split(separator: "\n").count == 12)
            #expect(history.output.hasPrefix("POSITION  VERSION  TIME"))
            #expect(history.output.contains("v11  "))
            let list = try await newsroom.run(["list", "--as", "aud", "--stage", "published"])
            #expect(list.output.contains(id))
            #expect(try await newsroom.run(["list", "--as", "aud", "--stage", "draft"]).output == "(none)\n")
            let board = try await newsroom.run(["board", "--as", "aud"])
            #expect(
                board.output.contains(
                    "PUBLISHED (1)\n  ID          DESK  ASSIGNEE  IN STAGE  HEADLINE\n  \(id)  city  cy"))
            #expect(board.output.contains("Night buses extended to the airport"))
            #expect(try await newsroom.run(["verify"]).status == 0)
        }
    }

    @Test("refusals: each with its exit code and message, and nothing written")
    func refusals() async throws {
        try await withNewsroom { newsroom in
            let id = try await draft(newsroom)
            try await newsroom.refuses(
                ["publish", id, "--as", "ana"], status: 77, saying: "ana (reporter) may not publish")
            try await newsroom.refuses(["submit", id], status: 64, saying: "say who acts")
            try await newsroom.refuses(["submit", id, "--as", "zed"], status: 77, saying: "unknown user zed")
            try await newsroom.acting(as: "zed").refuses(["submit", id], status: 77, saying: "unknown user zed")
            try await newsroom.refuses(["submit", "nope", "--as", "ana"], status: 66, saying: "there is no story nope")
            try await newsroom.refuses(["submit", "Bad Id", "--as", "ana"], status: 64, saying: "an article id")
            try await newsroom.refuses(
                ["submit", id, "--as", "ana", "--expected-version", "5"], status: 75, saying: "is at version 1")
            try await newsroom.refuses(
                ["fact-check", "approve", id, "--as", "cy"], status: 65, saying: "only a story in fact-check")
            try await newsroom.refuses(
                ["draft", "--as", "ana", "--headline", "Other", "--slug", "night-buses-airport", "--desk", "city"],
                status: 65, saying: "the slug night-buses-airport is taken", input: "Text.")
            try await newsroom.refuses(
                ["draft", "--as", "ana", "--headline", "Other", "--slug", "Bad Slug", "--desk", "city"],
                status: 64, saying: "the slug", input: "Text.")
            try await newsroom.refuses(
                ["draft", "--as", "ana", "--headline", "Other", "--slug", "other", "--desk", "city"],
                status: 64, saying: "the body is empty", input: "\n\n")

            _ = try await newsroom.json(["submit", id, "--as", "ana"])
            _ = try await newsroom.json(["fact-check", "request", id, "--as", "bo"])
            _ = try await newsroom.json(["fact-check", "claim", "add", id, "--as", "cy", "--text", "2,300 riders"])
            try await newsroom.refuses(
                ["fact-check", "approve", id, "--as", "cy"], status: 65, saying: "every claim needs a verdict")
            try await newsroom.refuses(
                ["fact-check", "claim", "verdict", id, "c1", "--as", "cy", "--rating", "true", "--note", "x"],
                status: 64,
                saying: "The value 'true' is invalid for '--rating <rating>'. Please provide one of 'accurate', "
                    + "'inaccurate', 'misleading' or 'unverifiable'.")
            try await newsroom.refuses(
                ["correct", id, "--as", "bo", "--kind", "erratum", "--text", "x"], status: 64,
                saying: "The value 'erratum' is invalid for '--kind <kind>'. Please provide one of 'correction', "
                    + "'clarification' or 'editors_note'.")
            try await newsroom.refuses(
                ["fact-check", "claim", "verdict", id, "c9", "--as", "cy", "--rating", "accurate", "--note", "x"],
                status: 66, saying: "no claim c9")
            try await newsroom.refuses(
                ["publish", id, "--as", "bo"], status: 65, saying: "ready")
            try await newsroom.refuses(
                ["publish", id, "--as", "bo", "--at", "tomorrow"], status: 64, saying: "RFC 3339")
            try await newsroom.refuses(
                ["assign", id, "nobody", "--as", "bo"], status: 66, saying: "no active user named nobody")
            #expect(try await newsroom.run(["users", "disable", "bo"]).status == 0)
            try await newsroom.refuses(
                ["fact-check", "reject", id, "--as", "bo", "--reason", "x"], status: 77, saying: "bo is disabled")
        }
    }

    @Test("a writer cannot sign off their own story; an edit after sign-off reopens fact-check")
    func separationOfDuties() async throws {
        try await withNewsroom { newsroom in
            let id = try await draft(newsroom, as: "rex")
            _ = try await newsroom.json(["submit", id, "--as", "rex"])
            _ = try await newsroom.json(["fact-check", "request", id, "--as", "bo"])
            try await newsroom.refuses(
                ["fact-check", "approve", id, "--as", "rex"], status: 65, saying: "rex wrote or last edited")
            try await newsroom.refuses(
                ["fact-check", "approve", id, "--as", "cy"], status: 65,
                saying: "the story has no claims on its checklist")
            _ = try await newsroom.json(["fact-check", "approve", id, "--as", "cy", "--no-claims"])
            let edited = try await newsroom.json(["edit", id, "--as", "bo", "--headline", "Night buses to the airport"])
            let types = (edited["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
            #expect(types == ["ArticleEdited", "FactCheckReopened"])
            #expect(try await newsroom.json(["show", id, "--as", "aud"])["stage"] as? String == "fact_check")
            _ = try await newsroom.json(["spike", id, "--as", "bo", "--reason", "Overtaken by the transit plan."])
            // A spiked story frees its slug.
            _ = try await draft(newsroom)
        }
    }

    @Test("the note a story came back with is in show, text and JSON, with who and when, until it moves on")
    func openNote() async throws {
        try await withNewsroom { newsroom in
            let id = try await draft(newsroom)
            _ = try await newsroom.json(["submit", id, "--as", "ana"])
            _ = try await newsroom.json(["send-back", id, "--as", "bo", "--note", "Add the operator's figures."])
            let shown = try await newsroom.json(["show", id, "--as", "ana"])
            let note = try #require(shown["open_note"] as? [String: Any])
            #expect(note["kind"] as? String == "sent_back" && note["by"] as? String == "bo")
            #expect(note["lines"] as? [String] == ["Add the operator's figures."] && note["at"] is String)
            let text = try await newsroom.run(["show", id, "--as", "ana"])
            #expect(text.output.contains("Sent back by bo at "))
            #expect(text.output.contains("  - Add the operator's figures."))
            _ = try await newsroom.json(["submit", id, "--as", "ana"])
            #expect(try await newsroom.json(["show", id, "--as", "ana"])["open_note"] == nil)
            try await newsroom.refuses(
                ["show", id, "--as", "ana", "--version", "999"], status: 66, saying: "has no version 999")
            // A story is named by its id, a unique start of it, or its slug.
            for reference in [String(id.prefix(5)), "night-buses-airport"] {
                #expect(try await newsroom.json(["show", reference, "--as", "ana"])["id"] as? String == id)
            }
        }
    }

    @Test("import files a draft with its claims; empty or binary files are refused before anything is written")
    func importStories() async throws {
        try await withNewsroom { newsroom in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let story = folder.appendingPathComponent("ferry.txt")
            try Data(
                """
                Harbour transport

                Night ferry to run across the harbour

                Published : 27 November 2026, 18:40

                  By Lena Okafor
                The ferry at the east pier. File Photo: Galley Desk.

                "Night workers have asked for this for years," said Port Director Ines Carvalho.

                Some 1,200 people cross the harbour after 22:00 on a weekday.
                """.utf8
            ).write(to: story)
            let empty = folder.appendingPathComponent("empty.txt")
            try Data().write(to: empty)
            let binary = folder.appendingPathComponent("photo.jpg")
            try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46]).write(to: binary)

            try await newsroom.refuses(
                ["import", "--as", "bo", story.path, empty.path], status: 64, saying: "empty.txt is empty")
            try await newsroom.refuses(
                ["import", "--as", "bo", binary.path], status: 64, saying: "photo.jpg is not UTF-8 text")
            // A reporter imports their own copy: the claims wait as proposals for the fact-checkers.
            let own = try await newsroom.json(["import", "--as", "ana", story.path])
            #expect(own["file"] as? String == story.path && own["claims_proposed"] as? Bool == true)
            let proposed = try await newsroom.json(["show", try #require(own["id"] as? String), "--as", "aud"])
            #expect((proposed["claims"] as? [Any])?.isEmpty == true)
            #expect((proposed["proposed_claims"] as? [[String: Any]])?.count == 2)
            // The same file twice is refused unless asked for.
            try await newsroom.refuses(
                ["import", "--as", "bo", story.path], status: 65, saying: "was imported already, as story")

            let imported = try await newsroom.json(["import", "--as", "bo", "--desk", "city", "--again", story.path])
            let id = try #require(imported["id"] as? String)
            let shown = try await newsroom.json(["show", id, "--as", "aud"])
            #expect(shown["kicker"] as? String == "Harbour transport")
            #expect(shown["bylines"] as? [String] == ["Lena Okafor"])
            #expect(shown["original_publication_time"] as? String == "2026-11-27T18:40:00Z")
            let claims = shown["claims"] as? [[String: Any]] ?? []
            #expect(claims.count == 2)
            #expect(claims.first?["speaker"] as? String == "Port Director Ines Carvalho")
            // The caption carries its own credit: show labels it, and adds no second "Photo:".
            let text = try await newsroom.run(["show", id, "--as", "aud"]).output
            #expect(text.contains("\nCaption: The ferry at the east pier. File Photo: Galley Desk.\n"))
            #expect(!text.contains("Photo: The ferry"))
            // Imported again, it gets a numbered slug instead of a refusal.
            let again = try await newsroom.json(["import", "--as", "bo", "--again", story.path])
            let second = try await newsroom.json(["show", try #require(again["id"] as? String), "--as", "aud"])
            #expect(second["slug"] as? String == "night-ferry-to-run-across-the-harbour-3")
        }
    }

    @Test("the demo acts out a story's life and prints the board and the history")
    func demo() async throws {
        try await TestDatabase.withFresh { configuration in
            let run = try await CommandRun.galley(
                ["demo"], environment: ["GALLEY_DATABASE_URL": configuration.conninfo])
            #expect(run.status == 0, "\(run.errorOutput)")
            #expect(run.output.contains("▸ ana tries to publish: refused"))
            #expect(run.output.contains("== The board"))
            #expect(run.output.contains("PUBLISHED (1)"))
            #expect(run.output.contains("ArticleCorrected"))
            #expect(run.output.contains(": intact (20 events)"))
            #expect(run.output.contains("== Web passwords for the demo's people"))
            #expect(run.output.firstMatch(of: /bo   editor        demo-[0-9a-f]{12}/) != nil)
        }
    }

    @Test("every command's help, down the whole subcommand tree, shows an example")
    func helpExamples() async throws {
        for node in CommandTree.leaves() {
            let help = try await CommandRun.galley(node.path + ["--help"])
            #expect(help.status == 0)
            #expect(help.output.contains(node.invocation), "\(node.invocation)")
            #expect(help.output.contains("Example"), "\(node.invocation) --help has no example")
        }
    }

    @Test("list's time bounds: a story is listed by when it last changed, and by when it became public")
    func listTimeBounds() async throws {
        try await withNewsroom { newsroom in
            let id = try await draft(newsroom)
            func listed(_ bounds: [String]) async throws -> String {
                try await newsroom.run(["list", "--as", "bo"] + bounds).output
            }
            #expect(try await listed(["--updated-after", "2000-01-01T00:00:00Z"]).contains(id))
            #expect(try await listed(["--updated-before", "2000-01-01T00:00:00Z"]).contains(id) == false)
            #expect(try await listed(["--updated-before", "2999-01-01T00:00:00Z"]).contains(id))
            #expect(try await listed(["--published-after", "2000-01-01T00:00:00Z"]).contains(id) == false)
            #expect(try await listed(["--published-before", "2999-01-01T00:00:00Z"]).contains(id) == false)
        }
    }

    @Test("an unreachable database is exit 69")
    func databaseUnavailable() async throws {
        let run = try await CommandRun.galley(
            ["show", "abc", "--as", "ana", "--database-url", "postgresql://127.0.0.1:1/galley?connect_timeout=2"])
        #expect(run.status == 69, "\(run.errorOutput)")
    }
}
