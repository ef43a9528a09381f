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

    @Test("an example is split into words as a shell would: quotes, escaped line breaks, redirection")
    func exampleWords() {
        #expect(
            CommandParsing.examples(in: "Examples:\n  galley a 'b c' \"d\\\"e\" \\\n    --f g > out\n  galley h")
                == [["a", "b c", "d\"e", "--f", "g"], ["h"]])
    }
}
