import ArgumentParser
import EventStore
import Foundation
import Galley
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
            try await database.withConnection { connection in
                var reader = GlobalLogReader(after: after)
                var printed = 0
                if follow { try await connection.listen(EventStore.notificationChannel) }
                while true {
                    let wanted = min(1_000, (limit ?? .max) - printed)
                    let batch = try await reader.read(on: connection, limit: wanted)
                    for event in batch {
                        print(json ? EventPresentation.json(event) : EventPresentation.line(event))
                    }
                    printed += batch.count
                    fflush(nil)  // a follower reading through a pipe sees each batch at once
                    if let limit, printed >= limit { return }
                    if batch.count == wanted { continue }
                    if reader.isWaitingOnGap {
                        try await Task.sleep(for: .milliseconds(5))
                    } else if follow {
                        _ = try await connection.waitForNotifications(timeout: .seconds(1))
                    } else {
                        return
                    }
                }
            }
        }
    }
}
