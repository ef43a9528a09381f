import ArgumentParser
import Foundation
import Galley
import Postgres

/// `galley-bench`: Galley's benchmarks, each figure beside raw PostgreSQL measured in the same run.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galley-bench",
        abstract: "Measure Galley against raw PostgreSQL on the same server, in the same run.",
        discussion: "Run it through scripts/bench, which builds in release mode and starts a private cluster.",
        subcommands: [
            Calls.self, Store.self, Projections.self, HTTP.self, Diff.self, Reads.self, Web.self, Abuse.self,
            Webhooks.self, Tree.self,
        ])

    struct Calls: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The Postgres layer's single-row INSERT at 1 and 16 connections beside pgbench sending it.")

        @Option(help: "Seconds each side runs at each connection count.")
        var seconds = 6

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.run { CallBenchmark(database: $0, seconds: seconds) }
        }
    }

    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Event store: appends at 1 to 16 writers, 100-event batches, global reads, append latency.")

        @Option(help: "Seconds each throughput measurement runs.")
        var seconds = 3

        @Option(help: "Events in the log for the large-log latency measurement.")
        var fill = 1_000_000

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.run { StoreBenchmark(database: $0, seconds: .seconds(seconds), fill: fill) }
        }
    }

    struct Tree: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The log's tree: appends with its builder, its build from scratch, proofs, signing.")

        @Option(help: "Seconds each append measurement runs.")
        var seconds = 3

        @Option(help: "Events in the log the tree is built over.")
        var events = 1_000_000

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.run { TreeBenchmark(database: $0, seconds: .seconds(seconds), events: events) }
        }
    }

    struct Projections: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read models: rebuild of every projection beside COPY of the same rows; replay of one story.")

        @Option(help: "Events in the log.")
        var events = 1_000_000

        @Option(help: "Stories they belong to.")
        var stories = 20_000

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.run { ProjectionBenchmark(database: $0, events: events, stories: stories) }
        }
    }

    struct HTTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "HTTP: commands per second with 1 and 16 clients, beside the store's appends in the same run.")

        @Option(help: "Seconds each measurement runs, in three alternating slices.")
        var seconds = 6

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.run { HTTPBenchmark(database: $0, seconds: .seconds(seconds)) }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revision diffs of two 1 MiB bodies, near-identical and unrelated, beside splitting them.")

        func run() { DiffBenchmark().run() }
    }

    struct Reads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reads over HTTP at a small and a large archive: list, filters, deep pages, search, the board.")

        @Option(help: "Stories in the small archive.")
        var small = 2_000

        @Option(help: "Stories in the large archive.")
        var large = 200_000

        @OptionGroup var served: ServedOptions

        func run() async throws {
            try await served.databaseOptions.run {
                ReadsBenchmark(
                    database: $0, small: small, large: large, requests: served.requests, galley: served.galley)
            }
        }
    }

    struct Web: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The web app's board and story pages beside the JSON API's same reads, at a large archive.")

        @Option(help: "Stories in the archive.")
        var stories = 200_000

        @OptionGroup var served: ServedOptions

        func run() async throws {
            try await served.databaseOptions.run {
                WebBenchmark(database: $0, stories: stories, requests: served.requests, galley: served.galley)
            }
        }
    }

    struct Abuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Another person's board read, quiet and while one auditor runs searches and unread feeds.")

        @OptionGroup var served: ServedOptions

        func run() async throws {
            try await served.databaseOptions.run {
                AbuseBenchmark(database: $0, requests: served.requests, galley: served.galley)
            }
        }
    }

    struct Webhooks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Webhooks: commit to first attempt and deliveries a second, 20 receivers, 50 publications a "
                + "second, with and without one receiver that never answers; a backlog's drain.")

        @Option(help: "Receivers that answer.")
        var receivers = 20

        @Option(help: "Publications a second.")
        var rate = 50

        @Option(help: "Seconds each measurement publishes for.")
        var seconds = 20

        @Option(help: "The galley binary to deliver with (galley deliver).")
        var galley: String

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.run {
                WebhookBenchmark(database: $0, receivers: receivers, rate: rate, seconds: seconds, galley: galley)
            }
        }
    }

    /// What the benchmarks that read through a real `galley serve` share.
    struct ServedOptions: ParsableArguments {
        @Option(help: "Requests each measurement makes (a p99 of 500 is the sixth slowest).")
        var requests = 500

        @Option(help: "The galley binary to serve with.")
        var galley: String

        @OptionGroup var databaseOptions: DatabaseOptions
    }

    /// Where every benchmark that needs a database gets its migrations, and the throwaway database itself.
    struct DatabaseOptions: ParsableArguments {
        @Option(help: "Folder of migrations.")
        var migrations = "migrations"

        /// Runs the benchmark `make` sets up on a fresh, migrated database on the environment's server, dropped
        /// afterwards.
        func run(_ make: (BenchmarkDatabase) -> some DatabaseBenchmark) async throws {
            try await BenchmarkDatabase.with(migrations: migrations) { database in
                var benchmark = make(database)
                try await benchmark.run()
            }
        }
    }
}
