import ArgumentParser
import Editorial
import Testing

@testable import galley

/// The grammar of `galley fact-check` and its `claim` group, parsed in-process.
@Suite("galley: the fact-check commands' arguments")
struct FactCheckCommandParseTests {
    typealias P = CommandParsing

    @Test("fact-check request takes the story")
    func request() throws {
        let request = try P.parse(["fact-check", "request", "x", "--as", "bo"], as: FactCheck.Request.self)
        #expect(request.story.id == "x" && request.options.actor.name == "bo")
    }

    @Test("fact-check approve signs off with claims, or states with --no-claims that there are none")
    func approve() throws {
        #expect(try !P.parse(["fact-check", "approve", "x", "--as", "cy"], as: FactCheck.Approve.self).noClaims)
        #expect(try P.parse(["fact-check", "approve", "x", "--no-claims"], as: FactCheck.Approve.self).noClaims)
    }

    @Test("fact-check reject repeats --reason")
    func reject() throws {
        let reject = try P.parse(
            ["fact-check", "reject", "x", "--as", "cy", "--reason", "c2 misleads", "--reason", "c3 open"],
            as: FactCheck.Reject.self)
        #expect(reject.story.id == "x" && reject.reasons == ["c2 misleads", "c3 open"])
    }

    @Test("claim add takes the text, a speaker, a web source and an id of its own")
    func addClaim() throws {
        let add = try P.parse(
            [
                "fact-check", "claim", "add", "x", "--as", "cy", "--text", "2,300 riders", "--speaker", "Authority",
                "--source", "https://example.org/plan.pdf", "--claim-id", "c9",
            ], as: ClaimCommands.Add.self)
        #expect(add.story.id == "x" && add.text == "2,300 riders" && add.speaker == "Authority")
        #expect(add.source == "https://example.org/plan.pdf" && add.claimID == "c9")
        #expect(
            P.refusal(["fact-check", "claim", "add", "x", "--as", "cy"]) == "Missing expected argument '--text <text>'")
    }

    @Test("claim verdict needs the claim, a rating and a note, and repeats --evidence")
    func verdict() throws {
        let verdict = try P.parse(
            [
                "fact-check", "claim", "verdict", "x", "c1", "--rating", "accurate", "--note", "Table 3.",
                "--evidence", "https://example.org/a", "--evidence", "https://example.org/b",
            ], as: ClaimCommands.Verdict.self)
        #expect(verdict.claim.id == "c1" && verdict.rating == .accurate && verdict.note == "Table 3.")
        #expect(verdict.evidence == ["https://example.org/a", "https://example.org/b"])
        #expect(
            P.refusal(["fact-check", "claim", "verdict", "x", "--rating", "accurate", "--note", "n"])
                == "Missing expected argument '<claim>'")
        #expect(
            P.refusal(["fact-check", "claim", "verdict", "x", "c1", "--note", "n"])
                == "Missing expected argument '--rating <rating>'")
    }

    @Test("claim confirm, withdraw and list take the story; confirm and withdraw the claim")
    func claimSteps() throws {
        let confirm = try P.parse(["fact-check", "claim", "confirm", "x", "c1"], as: ClaimCommands.Confirm.self)
        #expect(confirm.story.id == "x" && confirm.claim.id == "c1")
        let withdraw = try P.parse(
            ["fact-check", "claim", "withdraw", "x", "c2", "--reason", "Cut."], as: ClaimCommands.Withdraw.self)
        #expect(withdraw.claim.id == "c2" && withdraw.reason == "Cut.")
        #expect(
            P.refusal(["fact-check", "claim", "withdraw", "x", "c2"]) == "Missing expected argument '--reason <reason>'"
        )
        #expect(
            try P.parse(["fact-check", "claim", "list", "x", "--json"], as: ClaimCommands.List.self).options.output.json
        )
    }
}
