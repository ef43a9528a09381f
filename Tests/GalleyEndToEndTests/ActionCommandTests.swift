import ArgumentParser
import Editorial
import Testing

@testable import galley

/// Every editorial action a person can ask of a story has a `galley` subcommand: the words are
/// `Action.commandPath`, and the subcommand tree must have a command at each of them.
@Suite("galley: a subcommand for every editorial action")
struct ActionCommandTests {
    @Test("every editorial action has the subcommand its commandPath names", arguments: Action.allCases)
    func actionHasSubcommand(_ action: Action) {
        let path = action.commandPath
        let command = CommandTree.command(at: path)
        #expect(
            command != nil,
            "the action \(action.rawValue) has no subcommand: galley \(path.joined(separator: " ")) does not exist")
        #expect(
            command.map { $0.configuration.subcommands.isEmpty } ?? true,
            "galley \(path.joined(separator: " ")), for the action \(action.rawValue), is a group, not a command")
    }

    @Test("no two editorial actions share a subcommand")
    func actionsHaveTheirOwnSubcommands() {
        let paths = Action.allCases.map(\.commandPath)
        #expect(Set(paths).count == paths.count, "\(paths)")
    }
}
