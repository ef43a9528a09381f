import Editorial
import EventStore
import Foundation
import Galley
import GalleyServer
import Logging
import Postgres

/// Commands per second end to end over HTTP, beside the store's own append rate in the same run.
struct HTTPBenchmark {
    let database: BenchmarkDatabase
    let seconds: Duration
    var report = Report()

    mutating func run() async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 20)
        let users = UserDirectory(pool: pool)
        try await users.add("bench", roles: [.editor])
        let token = try await TokenStore(pool: pool).issue(for: "bench").token
        let newsroom = Newsroom(pool: pool)
        let bench = try await users.actor("bench")

        let ports = AsyncStream<Int>.makeStream()
        // The benchmark checks every response itself, so its server logs only what is critical: tens of thousands
        // of request lines would scroll past, and the server is stopped by cancellation at the end.
        var logger = Logger(label: "galley")
        logger.logLevel = .critical
        let server = Task { [configuration = database.configuration, logger] in
            try await GalleyServer(database: configuration, host: "127.0.0.1", port: 0, logger: logger).run { port in
                ports.continuation.yield(port)
            }
        }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchmarkFailure("the server did not start") }

        for clients in [1, 16] {
            // Twenty stories a client, used in turn: no client waits on another's story, and no story grows
            // longer than a busy day's (a command reads its whole story before deciding).
            var drafted: [String] = []
            for index in 0..<(clients * 20) {
                let content = ArticleContent(
                    headline: "Bench \(clients)-\(index)", bylines: ["Bench"], body: ["Text."],
                    slug: "bench-\(clients)-\(index)", desk: "city")
                drafted.append(try await newsroom.draft(content, by: bench).articleID)
            }
            let stories = drafted
            let http = try await Measure.throughput(workers: clients, duration: seconds) { worker, deadline in
                try await LoadClient.withConnection(port: port) { client in
                    var iteration = 0
                    while ContinuousClock.now < deadline {
                        let status = try await client.post(
                            "/v1/articles/\(stories[worker * 20 + iteration % 20])/comments",
                            json: "{\"text\":\"comment \(iteration)\"}", headers: [("Authorization", "Bearer \(token)")]
                        )
                        guard status == 200 else { throw BenchmarkFailure("a command failed with status \(status)") }
                        iteration += 1
                    }
                    return iteration
                }
            }
            // The server's projections work asynchronously; the next measurement starts once they have caught up,
            // so that it does not share the machine with the backlog of this one.
            try await Self.waitForProjections(pool: pool, configuration: database.configuration, after: "HTTP")
            let store = EventStore(pool: pool)
            let raw = try await Measure.throughput(workers: clients, duration: seconds) { worker, iteration in
                try await store.append(
                    to: "raw-\(clients)-\(worker)", expected: iteration == 0 ? .noStream : .exact(Int64(iteration)),
                    events: [NewEvent(type: "CommentAdded", data: .object(["text": .string("comment")]))],
                    metadata: EventMetadata(actor: "bench"))
            }
            try await Self.waitForProjections(pool: pool, configuration: database.configuration, after: "the appends")
            // The same commands without HTTP: splits what HTTP costs from what deciding and projecting do.
            let direct = try await Measure.throughput(workers: clients, duration: seconds) { worker, iteration in
                try await newsroom.perform(
                    .comment("comment \(iteration)"), on: stories[worker * 20 + iteration % 20], by: bench)
            }
            try await Self.waitForProjections(pool: pool, configuration: database.configuration, after: "Newsroom")
            report.add(
                "commands over HTTP, \(clients) client(s), vs the store's appends at the same concurrency",
                galley: http, baseline: raw, unit: "commands/s", target: clients == 16 ? ">= 0.5x" : "-")
            report.add(
                "the same commands through Newsroom without HTTP, \(clients) client(s), vs the store's appends",
                galley: direct, baseline: raw, unit: "commands/s", target: "-")
        }
        server.cancel()
        _ = try? await server.value
        await pool.close()
        report.printTable()
    }

    /// Waits until every projection the server runs has handled the whole log, and says how long that took.
    private static func waitForProjections(
        pool: ConnectionPool, configuration: ConnectionConfiguration, after phase: String
    ) async throws {
        let runner = ProjectionRunner(configuration: configuration)
        let clock = ContinuousClock()
        let start = clock.now
        while try await runner.status(using: pool).contains(where: { $0.lag > 0 }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        print(
            "projections caught up \(String(format: "%.2f", Measure.seconds(clock.now - start))) s after \(phase)")
    }
}

/// A benchmark that could not run as planned.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
