import ArgumentParser
import Coding
import EventStore
import Foundation
import Galley

/// `galley projections`: the read models' state, and rebuilding them from the log.
struct Projections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show where the read models stand, or rebuild them from the log.",
        subcommands: [Status.self, Rebuild.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each projection's checkpoint, the log's head, and how many events it has still to handle.",
            discussion: "Example:\n  galley projections status")

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let statuses = try await database.withPool { pool in
                    try await ProjectionRunner(configuration: try database.configuration()).status(using: pool)
                }
                for status in statuses {
                    let updated = status.updatedAt.map { StoryPrinter.time($0) } ?? "never"
                    if output.json {
                        var object: [String: JSONValue] = [
                            "name": .string(status.name), "checkpoint": .int(status.checkpoint),
                            "head": .int(status.head), "lag": .int(status.lag),
                        ]
                        object["passed_over"] = .array(
                            status.failures.map { failure in
                                .object([
                                    "position": .int(failure.position), "stream": .string(failure.streamID),
                                    "type": .string(failure.type), "error": .string(failure.message),
                                    "at": .string(Timestamp.rfc3339(failure.at)),
                                ])
                            })
                        print(JSONValue.object(object).canonicalText)
                    } else {
                        print(
                            "\(status.name.padding(toLength: 10, withPad: " ", startingAt: 0))  checkpoint "
                                + "\(status.checkpoint)  head \(status.head)  lag \(status.lag)  updated \(updated)")
                        for failure in status.failures {
                            print("  passed over since \(StoryPrinter.time(failure.at)): \(failure)")
                        }
                    }
                }
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild projections from the start of the log while readers keep reading the old tables.",
            discussion: """
                The new tables are built aside and swapped in by one short transaction; live delivery to other \
                subscriptions is never held back. Shows a progress bar on a terminal, plain lines otherwise.

                Examples:
                  galley projections rebuild
                  galley projections rebuild articles
                """)

        @Argument(help: "The projection: articles, board, claims or published; default: all of them.")
        var name: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let name, !Projection.all.contains(where: { $0.name == name }) {
                throw ValidationError(
                    "unknown projection \(name); choose \(Projection.all.map(\.name).joined(separator: ", "))")
            }
        }

        func run() async throws {
            try await CommandFailure.report {
                let configuration = try database.configuration()
                let projections = Projection.all.filter { name == nil || $0.name == name }
                let names = projections.map(\.name).joined(separator: ", ")
                let bar = ProgressBar(label: names)
                let clock = ContinuousClock()
                let start = clock.now
                let report = try await ProjectionRebuild(configuration: configuration, projections: projections)
                    .run { bar.show(done: $0.events, of: $0.total) }
                bar.finish()
                let seconds = (clock.now - start) / .seconds(1)
                print(
                    "rebuilt \(names): \(report.events) events, \(report.stories) stories, "
                        + "checkpoint \(report.checkpoint), \(String(format: "%.2f", seconds)) s")
            }
        }
    }
}
