import Foundation
import Postgres
import TestSupport
import Testing

/// The auditor's tools, through the built binary: history, replay, diff, exports and their verification.
@Suite("galley audit commands")
struct AuditCommandTests {
    /// Runs the demo on a fresh database and hands over the environment and the demo story's id.
    func withDemo(_ body: ([String: String], String) async throws -> Void) async throws {
        try await TestDatabase.withFresh { configuration in
            let environment = ["GALLEY_DATABASE_URL": configuration.conninfo, "GALLEY_USER": "aud"]
            let demo = try await CommandRun.galley(["demo"], environment: environment)
            #expect(demo.status == 0, "\(demo.errorOutput)")
            let id = try #require(demo.output.firstMatch(of: /galley show (\w+) --as aud/)?.1)
            try await body(environment, String(id))
        }
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("show replays a story to a version or a moment; diff shows what changed between revisions")
    func replayAndDiff() async throws {
        try await withDemo { environment, id in
            let atFive = try json(
                try await CommandRun.galley(["show", id, "--version", "5", "--json"], environment: environment).output)
            #expect(atFive["stage"] as? String == "fact_check")
            #expect(atFive["headline"] as? String == "Night ferry across the harbour from January 5")
            let history = try await CommandRun.galley(["history", id, "--json"], environment: environment)
            let lines = history.output.split(separator: "\n").map { try? json(String($0)) }
            let drafted = try #require(lines.first??["recorded_at"] as? String)
            let atDraft = try json(
                try await CommandRun.galley(["show", id, "--at", drafted, "--json"], environment: environment).output)
            #expect(atDraft["stage"] as? String == "draft" && atDraft["version"] as? Int == 1)
            let before = try await CommandRun.galley(
                ["show", id, "--at", "2001-01-01T00:00:00Z"], environment: environment)
            #expect(before.status == 66)

            let diff = try await CommandRun.galley(["diff", id, "--from", "1", "--to", "3"], environment: environment)
            #expect(diff.status == 0, "\(diff.errorOutput)")
            #expect(diff.output.contains("headline: Night ferry [-to run-] across the harbour from January {+5+}"))
            #expect(diff.output.contains("The crossing takes [-14-] {+16+} minutes."))
            // Only changed paragraphs, with one either side for context; no colour when not on a terminal.
            #expect(diff.output.contains("\n  …\n") && !diff.output.contains("\u{1B}["))
            let missing = try await CommandRun.galley(
                ["diff", id, "--from", "1", "--to", "9"], environment: environment)
            #expect(missing.status == 66 && missing.errorOutput.contains("no revision 9"))

            // A version the story never had, both replay bounds at once, a moment before the story existed.
            let never = try await CommandRun.galley(["show", id, "--version", "999"], environment: environment)
            #expect(
                never.status == 66 && never.errorOutput.contains("story \(id) has no version 999; it has versions 1 to")
            )
            let both = try await CommandRun.galley(
                ["show", id, "--version", "2", "--at", drafted], environment: environment)
            #expect(both.status == 64 && both.errorOutput.contains("give --version or --at, not both"))
            #expect(before.errorOutput.contains("story \(id) did not exist yet at 2001-01-01T00:00:00Z"))

            // verify takes a story's id as every command does, says what it checked, and knows no unknown stream.
            let story = try await CommandRun.galley(["verify", id], environment: environment)
            #expect(story.status == 0, "\(story.errorOutput)")
            #expect(story.output.contains("in 1 stream, positions 5 to ") && story.output.contains("of article-\(id)"))
            let unknown = try await CommandRun.galley(["verify", "article-nosuch"], environment: environment)
            #expect(unknown.status == 66 && unknown.errorOutput.contains("there is no story or stream article-nosuch"))
        }
    }

    @Test("a JSON-lines export verifies with no database; a partial one from its stated anchors; an altered one fails")
    func exportAndVerify() async throws {
        try await withDemo { environment, _ in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let full = folder.appendingPathComponent("log.jsonl").path
            let partial = folder.appendingPathComponent("partial.jsonl").path
            #expect(
                try await CommandRun.galley(
                    ["export", "--format", "jsonl", "--output", full], environment: environment
                )
                .status == 0)
            #expect(
                try await CommandRun.galley(
                    ["export", "--format", "jsonl", "--after", "14", "--output", partial], environment: environment
                ).status == 0)

            // No database at all: an unreachable URL proves verify --file never connects.
            let offline = ["GALLEY_DATABASE_URL": "postgresql://127.0.0.1:1/none"]
            let verified = try await CommandRun.galley(["verify", "--file", full], environment: offline)
            #expect(verified.status == 0, "\(verified.errorOutput)")
            #expect(verified.output.contains("verified 30 events in 6 streams, positions 1 to 30"))
            let anchored = try await CommandRun.galley(["verify", "--file", partial], environment: offline)
            #expect(anchored.status == 0, "\(anchored.errorOutput)")
            #expect(
                anchored.output.contains("verified 16 events") && anchored.output.contains("5 streams checked from"),
                "\(anchored.output)")

            let lines = try String(contentsOfFile: full, encoding: .utf8).split(separator: "\n").map(String.init)
            /// Writes `lines` to a file of its own and verifies it offline.
            func verify(_ lines: [String]) async throws -> CommandRun {
                let path = folder.appendingPathComponent("\(UUID().uuidString).jsonl").path
                try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                return try await CommandRun.galley(["verify", "--file", path], environment: offline)
            }
            var altered = lines
            altered[11] = altered[11].replacingOccurrences(of: "Night workers", with: "Day workers")
            let broken = try await verify(altered)
            #expect(broken.status == 1)
            #expect(broken.errorOutput.contains("broken at position 11 ("), "\(broken.errorOutput)")

            // What a chain alone cannot see, the manifest does: each refusal names what is wrong.
            let demoStream = try #require(lines[26].firstMatch(of: /"stream":"([^"]+)"/)?.1)
            let tailless = lines.enumerated().filter { $0.offset != 26 }.map(\.element)
            let withoutTail = try await verify(tailless)
            #expect(withoutTail.status == 1)
            #expect(withoutTail.errorOutput.contains("the manifest states 30 events but the file holds 29"))
            let secondStream = lines.filter { !$0.contains("\"stream\":\"\(demoStream)\"") }
            let withoutStream = try await verify(secondStream)
            #expect(withoutStream.status == 1 && withoutStream.errorOutput.contains("does not hold what it states"))
            var reordered = lines
            reordered.swapAt(25, 26)
            let outOfOrder = try await verify(reordered)
            #expect(outOfOrder.status == 1 && outOfOrder.errorOutput.contains("broken at position"))
            let cut = try await verify(Array(lines.dropLast()))
            #expect(cut.status == 1 && cut.errorOutput.contains("ends without its closing manifest"))
            let headerless = try await verify(Array(lines.dropFirst()))
            #expect(headerless.status == 1 && headerless.errorOutput.contains("is not a Galley export"))
            let empty = try await verify([])
            #expect(empty.status == 1 && empty.errorOutput.contains("the export is empty"))
            let missing = try await CommandRun.galley(
                ["verify", "--file", folder.path + "/nope"], environment: offline)
            #expect(missing.status == 66)
        }
    }

    @Test("ninjs maps retraction to pubstatus canceled and embargo to embargoed; ClaimReviews only of public stories")
    func standardExports() async throws {
        try await withDemo { environment, id in
            let claimReview = [
                "export", "--format", "claimreview", "--public-url", "https://news.example.org",
                "--publisher", "Harbour Courier",
            ]
            let refused = try await CommandRun.galley(["export", "--format", "claimreview"], environment: environment)
            #expect(refused.status == 64 && refused.errorOutput.contains("ClaimReview needs the publisher"))

            let reviews = try await CommandRun.galley(claimReview, environment: environment)
            #expect(reviews.status == 0, "\(reviews.errorOutput)")
            let documents = try reviews.output.split(separator: "\n").map { try json(String($0)) }
            // The correction changed the sentence of one claim: its verdict no longer judges the public text.
            #expect(documents.count == 5)
            #expect(documents.allSatisfy { $0["@type"] as? String == "ClaimReview" })
            #expect(!documents.contains { ($0["claimReviewed"] as? String)?.contains("14 minutes") == true })
            #expect(documents.allSatisfy { ($0["author"] as? [String: Any])?["name"] as? String == "Harbour Courier" })
            #expect(documents.allSatisfy { ($0["url"] as? String)?.hasPrefix("https://news.example.org/") == true })
            let ratings = documents.compactMap { ($0["reviewRating"] as? [String: Any])?["alternateName"] as? String }
            #expect(Set(ratings) == ["Accurate", "Unverifiable"])
            let quoted = documents.first { ($0["itemReviewed"] as? [String: Any])?["author"] != nil }
            #expect(
                ((quoted?["itemReviewed"] as? [String: Any])?["author"] as? [String: Any])?["name"] as? String
                    == "Port Director Ines Carvalho")

            let editor = environment.merging(["GALLEY_USER": "bo"]) { $1 }
            _ = try await CommandRun.galley(
                ["retract", id, "--reason", "The operator withdrew the plan."], environment: editor)
            let ninjs = try await CommandRun.galley(["export", "--format", "ninjs"], environment: environment)
            #expect(ninjs.status == 0, "\(ninjs.errorOutput)")
            let item = try json(String(ninjs.output.split(separator: "\n")[0]))
            #expect(item["uri"] as? String == "urn:galley:article:\(id)")
            #expect(item["pubstatus"] as? String == "canceled")
            #expect((item["standard"] as? [String: Any])?["version"] as? String == "2.2")
            let roles = (item["descriptions"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
            #expect(roles == ["correction", "retraction"])
            #expect(item["embargoed"] == nil)
            let afterRetraction = try await CommandRun.galley(claimReview, environment: environment)
            #expect(afterRetraction.status == 0 && afterRetraction.output.isEmpty)
        }
    }

    @Test("projections status shows checkpoints and lag; rebuild swaps in tables equal to the live ones")
    func projections() async throws {
        try await withDemo { environment, _ in
            let board = try await CommandRun.galley(["board", "--json"], environment: environment)
            let status = try await CommandRun.galley(["projections", "status", "--json"], environment: environment)
            let rows = try status.output.split(separator: "\n").map { try json(String($0)) }
            #expect(rows.map { $0["name"] as? String } == ["articles", "board", "claims", "published", "inbox"])
            #expect(rows.allSatisfy { $0["lag"] as? Int == 0 && $0["checkpoint"] as? Int == 30 })

            let rebuild = try await CommandRun.galley(["projections", "rebuild"], environment: environment)
            #expect(rebuild.status == 0, "\(rebuild.errorOutput)")
            #expect(rebuild.output.contains("rebuilt articles, board, claims, published, inbox: 30 events, 2 stories"))
            #expect(rebuild.errorOutput.contains("articles, board, claims, published, inbox: 100% (30/30 events)"))
            let one = try await CommandRun.galley(["projections", "rebuild", "claims"], environment: environment)
            #expect(one.output.contains("rebuilt claims: 30 events, 2 stories, checkpoint 30"))
            let after = try await CommandRun.galley(["board", "--json"], environment: environment)
            #expect(after.output == board.output)
            let unknown = try await CommandRun.galley(["projections", "rebuild", "nope"], environment: environment)
            #expect(unknown.status == 64)
        }
    }
}
