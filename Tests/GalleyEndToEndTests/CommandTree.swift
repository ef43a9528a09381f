import ArgumentParser

@testable import galley

/// The `galley` subcommand tree as ArgumentParser dispatches it, read from `GalleyCommand.configuration`, so that
/// the tests and the CLI reference list exactly the commands there are.
struct CommandTree {
    /// One command and the words after `galley` that reach it.
    struct Node {
        /// The words after `galley`, such as `["fact-check", "claim", "add"]`.
        var path: [String]
        /// The command's type.
        var command: any ParsableCommand.Type

        /// `galley` and the path, as a person types it.
        var invocation: String { (["galley"] + path).joined(separator: " ") }

        /// Whether the command runs something rather than only grouping others.
        var isLeaf: Bool { command.configuration.subcommands.isEmpty }
    }

    /// Every command below `galley`, depth first, in the order `subcommands` declares them.
    static func nodes() -> [Node] { nodes(below: GalleyCommand.self, path: []) }

    /// The commands that run something: every node that is not only a group.
    static func leaves() -> [Node] { nodes().filter(\.isLeaf) }

    /// The command that `path` reaches, by each command's name, or nil when no subcommand has that name.
    static func command(at path: [String]) -> (any ParsableCommand.Type)? {
        nodes().first { $0.path == path }?.command
    }

    private static func nodes(below command: any ParsableCommand.Type, path: [String]) -> [Node] {
        command.configuration.subcommands.flatMap { subcommand in
            let node = Node(path: path + [subcommand._commandName], command: subcommand)
            return [node] + nodes(below: subcommand, path: node.path)
        }
    }
}
