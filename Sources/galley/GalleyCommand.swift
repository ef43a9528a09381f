import ArgumentParser
import Galley

/// The `galley` command line: a thin front over the Galley library.
@main
struct GalleyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Galley: an event-sourced editorial workflow for newsrooms, on PostgreSQL.",
        discussion: """
            The database is --database-url, else GALLEY_DATABASE_URL, else DATABASE_URL, else libpq's defaults \
            (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, ~/.pgpass).
            Exit codes: 0 done, 1 verification found a broken chain, 64 invalid input, 65 refused by a rule, 66 not found, 69 database unavailable, \
            70 internal error, 75 conflict, 77 forbidden, 78 configuration error.
            """,
        version: GalleyVersion.current,
        subcommands: [
            Draft.self, Edit.self, Submit.self, SendBack.self, FactCheck.self, Publish.self, Correct.self,
            Retract.self, Spike.self, Comment.self, Assign.self, Show.self, ListStories.self, Board.self,
            History.self, Diff.self, Import.self, Export.self, Demo.self, Serve.self, Projections.self, Users.self,
            Tokens.self, Migrate.self,
            Database.self,
            Events.self, Verify.self,
            Version.self,
        ]
    )
}
