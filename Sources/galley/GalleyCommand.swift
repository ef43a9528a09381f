import ArgumentParser
import Editorial
import Foundation
import Galley

/// The `galley` command line: a thin front over the Galley library.
@main
struct GalleyCommand: AsyncParsableCommand {
    /// Parses and runs, first telling a mistyped command apart (`galley pubish x`): ArgumentParser alone would
    /// complain about the options that follow it instead.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), first != "help" {
            let names = configuration.subcommands.map { $0._commandName }
            if !names.contains(first) {
                let nearest = names.min { distance(first, $0) < distance(first, $1) }
                let hint = nearest.map { distance(first, $0) <= 3 ? "; did you mean \($0)?" : "" } ?? ""
                FileHandle.standardError.write(
                    Data("galley: unknown command \(TextRule.echo(first))\(hint) (galley --help lists them)\n".utf8))
                Foundation.exit(64)
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The edit distance between two words, for suggesting the command meant.
    static func distance(_ a: String, _ b: String) -> Int {
        let (a, b) = (Array(a), Array(b))
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }

    static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Galley: an event-sourced editorial workflow for newsrooms, on PostgreSQL.",
        discussion: """
            The database is --database-url, else GALLEY_DATABASE_URL, else DATABASE_URL, else libpq's defaults \
            (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, ~/.pgpass).
            Exit codes: 0 done, 1 verification found a broken chain, 64 invalid input, 65 refused by a rule, \
            66 not found, 69 database unavailable, 70 internal error, 73 cannot listen, 75 conflict, 77 forbidden, \
            78 configuration error.
            """,
        version: GalleyVersion.current,
        subcommands: [
            Draft.self, Edit.self, Submit.self, Recall.self, SendBack.self, FactCheck.self, PullBack.self,
            Publish.self, Correct.self, Retract.self, Takedown.self, Spike.self, Unspike.self, Comment.self,
            Assign.self, Show.self,
            ListStories.self, Board.self,
            History.self, Diff.self, Search.self, Import.self, Export.self, Demo.self, Serve.self, Projections.self,
            Inbox.self,
            Users.self,
            Subscribers.self,
            Tokens.self, Deliver.self, Migrate.self,
            Database.self,
            Events.self, Verify.self, Log.self, Witness.self,
            Version.self,
        ]
    )
}
