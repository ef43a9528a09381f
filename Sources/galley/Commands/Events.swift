import ArgumentParser
import EventStore
import Foundation
import Galley
import Logging
import Postgres

/// `galley events`: prints the global log.
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the global event log, oldest first, one event per line.",
        discussion: """
            Events are printed in the log's one global order, never skipping one that commits late.
            With --follow, waits for new events until interrupted.

            Examples:
              galley events --limit 20
              galley events --after 1200 --json
              galley events --follow
            """)

    @Option(help: ArgumentHelp("Start after this position (a checkpoint).", valueName: "CHECKPOINT"))
    var after: Int64 = 0

    @Option(help: "Print at most this many events.")
    var limit: Int?

    @Flag(help: "Keep waiting for new events.")
    var follow = false

    @Flag(help: "Print JSON lines: position, stream, version, type, data, metadata, recorded time, hash.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard after >= 0 else { throw ValidationError("--after is a position, 0 or more") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await CommandFailure.report {
            // Following, the tail reconnects after a restart of the database and resumes where it was.
            let tail = LogTail(
                configuration: try database.configuration(), after: after, until: follow ? .never : .head,
                batchSize: min(1_000, limit ?? 1_000), logger: Logger(label: "galley.events"))
            var printed = 0
            for try await batch in tail {
                for event in batch.prefix((limit ?? .max) - printed) {
                    print(json ? EventPresentation.json(event) : EventPresentation.line(event))
                }
                printed += batch.count
                fflush(nil)  // a follower reading through a pipe sees each batch at once
                if let limit, printed >= limit { return }
            }
        }
    }
}
