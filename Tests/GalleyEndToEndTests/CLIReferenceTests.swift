import ArgumentParser
import Foundation
import Testing

@testable import galley

/// `docs/cli.md` is every command's `--help`, as ArgumentParser renders it from the commands themselves (usage,
/// abstract, discussion, options), so the reference cannot drift from the command line. When it differs the
/// test fails and prints the page as it should read; `GALLEY_WRITE_DOCS=1` writes it, as `WorkflowDocTests`
/// does for `docs/workflow.md`.
@Suite("The command-line reference matches the commands")
struct CLIReferenceTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/cli.md")

    /// The width help is wrapped at, fixed so that the page does not depend on the terminal that renders it.
    static let columns = 100

    /// A command's section: its invocation as the heading, its help as ArgumentParser prints it.
    static func section(_ invocation: String, _ help: String) -> String {
        "## \(invocation)\n\n```text\n\(help.trimmingCharacters(in: .newlines))\n```\n"
    }

    /// The whole page: a preface, a contents list, then `galley` and every command below it, depth first.
    static func rendered() -> String {
        let nodes = CommandTree.nodes()
        let anchor = { (invocation: String) in invocation.replacingOccurrences(of: " ", with: "-") }
        var page = """
            # The galley command line

            <!-- Generated from the commands by Tests/GalleyEndToEndTests/CLIReferenceTests.swift; do not edit. \
            After changing a command: GALLEY_WRITE_DOCS=1 swift test --filter CLIReferenceTests -->

            Every command's `--help`, as `galley` prints it. Which command to reach for in each role's work is \
            [guides.md](guides.md); the exit codes are in `galley --help` below.

            """
        page += "\n" + nodes.map { "- [\($0.invocation)](#\(anchor($0.invocation)))" }.joined(separator: "\n") + "\n"
        page += "\n" + section("galley", GalleyCommand.helpMessage(columns: columns))
        for node in nodes {
            page += "\n" + section(node.invocation, GalleyCommand.helpMessage(for: node.command, columns: columns))
        }
        return page
    }

    @Test("docs/cli.md is every command's help as ArgumentParser renders it")
    func pageMatchesCommands() throws {
        let page = (try? String(contentsOf: Self.page, encoding: .utf8)) ?? ""
        let expected = Self.rendered()
        if ProcessInfo.processInfo.environment["GALLEY_WRITE_DOCS"] == "1" {
            try expected.write(to: Self.page, atomically: true, encoding: .utf8)
        }
        #expect(
            page == expected,
            """
            docs/cli.md differs from the commands; regenerate it with \
            GALLEY_WRITE_DOCS=1 swift test --skip-build --filter CLIReferenceTests. It should read:
            \(expected)
            """)
    }
}
