import ArgumentParser
import Testing

@testable import galley

/// The examples in each command's `--help` are command lines a person copies: each must parse, as written, to
/// the command whose help shows it.
@Suite("galley: the examples in --help")
struct HelpExampleParseTests {
    @Test("every command shows an example in its help, and every example parses as that command")
    func examplesParse() {
        for node in CommandTree.leaves() {
            let examples = CommandParsing.examples(in: node.command.configuration.discussion)
            #expect(!examples.isEmpty, "\(node.invocation) --help shows no example")
            for example in examples {
                do {
                    let parsed = try GalleyCommand.parseAsRoot(example)
                    #expect(
                        type(of: parsed) == node.command,
                        "the example galley \(example.joined(separator: " ")) parses as \(type(of: parsed))")
                } catch {
                    let words = example.joined(separator: " ")
                    Issue.record(
                        "the example galley \(words) of \(node.invocation) does not parse: \(GalleyCommand.message(for: error))"
                    )
                }
            }
        }
    }

    @Test("each example pastes as --help prints it at 80 columns: no line wrapped, each continued with a backslash")
    func examplesPaste() {
        for node in CommandTree.leaves() {
            // ArgumentParser wraps help at the terminal's width (80 when it cannot tell): an example line wider
            // than that breaks in two, and the second half is no longer part of the command.
            let help = GalleyCommand.helpMessage(for: node.command, columns: 80)
            for stray in CommandParsing.strayLines(in: help) {
                let message =
                    "\(node.invocation) --help: the line \"\(stray)\" follows an example line that lacks its "
                    + "continuation backslash"
                Issue.record(Comment(rawValue: message))
            }
            #expect(
                CommandParsing.examples(in: help) == CommandParsing.examples(in: node.command.configuration.discussion),
                "\(node.invocation) --help shows its examples otherwise than written")
        }
    }

    @Test("a line under an example that does not end in a backslash is found as a stray")
    func strays() {
        #expect(
            CommandParsing.strayLines(
                in: "Examples:\n  galley a --b c\n    --d e\n  galley f \\\n    --g\n  x | galley h\nwrapped\n\nText.")
                == ["--d e", "wrapped"])
    }

    @Test("an example is split into words as a shell would: quotes, escaped line breaks, redirection")
    func exampleWords() {
        #expect(
            CommandParsing.examples(in: "Examples:\n  galley a 'b c' \"d\\\"e\" \\\n    --f g > out\n  galley h")
                == [["a", "b c", "d\"e", "--f", "g"], ["h"]])
    }
}
