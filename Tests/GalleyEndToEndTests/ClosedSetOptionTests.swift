import ArgumentParser
import Editorial
import Testing

@testable import galley

/// Options that take one of a closed set are enums that ArgumentParser checks: a value outside the set is
/// refused with the allowed values, and no value is ever replaced by a default.
@Suite("galley: closed sets on the command line")
struct ClosedSetOptionTests {
    /// The message ArgumentParser gives for `arguments`, which must fail to parse.
    private func refusal(_ arguments: [String]) -> String {
        do {
            _ = try GalleyCommand.parseAsRoot(arguments)
            return "parsed"
        } catch {
            return GalleyCommand.message(for: error)
        }
    }

    @Test("--rating takes accurate, inaccurate, misleading or unverifiable, and nothing else")
    func rating() throws {
        #expect(
            refusal(["fact-check", "claim", "verdict", "x", "c1", "--as", "cy", "--rating", "true", "--note", "n"])
                == "The value 'true' is invalid for '--rating <rating>'. Please provide one of 'accurate', "
                + "'inaccurate', 'misleading' or 'unverifiable'.")
        let parsed = try GalleyCommand.parseAsRoot(
            ["fact-check", "claim", "verdict", "x", "c1", "--as", "cy", "--rating", "misleading", "--note", "n"])
        #expect((parsed as? ClaimCommands.Verdict)?.rating == .misleading)
    }

    @Test("--kind takes correction, clarification or editors_note, and nothing else")
    func kind() throws {
        #expect(
            refusal(["correct", "x", "--as", "bo", "--kind", "erratum", "--text", "t"])
                == "The value 'erratum' is invalid for '--kind <kind>'. Please provide one of 'correction', "
                + "'clarification' or 'editors_note'.")
        let parsed = try GalleyCommand.parseAsRoot([
            "correct", "x", "--as", "bo", "--kind", "editors_note", "--text", "t",
        ])
        #expect((parsed as? Correct)?.kind == .editorsNote)
    }

    @Test("--format takes jsonl, ninjs or claimreview, and nothing else")
    func format() throws {
        #expect(
            refusal(["export", "--format", "csv"])
                == "The value 'csv' is invalid for '--format <format>'. Please provide one of 'jsonl', 'ninjs' or "
                + "'claimreview'.")
        let parsed = try GalleyCommand.parseAsRoot(["export", "--format", "ninjs"])
        #expect((parsed as? Export)?.format == .ninjs)
    }

    @Test("--role takes the newsroom's roles, and nothing else")
    func role() throws {
        #expect(
            refusal(["users", "add", "ed", "--role", "intern"])
                == "The value 'intern' is invalid for '--role <role>'. Please provide one of 'reporter', 'editor', "
                + "'fact_checker', 'auditor' or 'admin'.")
    }
}
