import Coding
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
        try await users.add("bench", roles: [.editor], by: "admin")
        let token = try await TokenStore(pool: pool).issue(for: "bench", by: "bench").token
        let newsroom = Newsroom(pool: pool)
        let bench = try await users.actor("bench")

        let ports = AsyncStream<Int>.makeStream()
        // The benchmark checks every response itself, so its server logs only what is critical: tens of thousands
        // of request lines would scroll past, and the server is stopped by cancellation at the end.
        var logger = Logger(label: "galley")
        logger.logLevel = .critical
        let server = Task { [configuration = database.configuration, logger] in
            var server = GalleyServer(database: configuration, host: "127.0.0.1", port: 0, logger: logger)
            // The benchmark measures how fast commands go, all given by one user: no per-person limit applies.
            server.commandLimits.burst = 1_000_000_000
            server.commandLimits.perSecond = 1_000_000_000
            try await server.run { port in ports.continuation.yield(port) }
        }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchmarkFailure("the server did not start") }

        for clients in [1, 16] {
            // Forty stories a client, used in turn: no client waits on another's story, and no story grows
            // longer than a busy day's (each command adds a comment, and every comment is in the story's document).
            var drafted: [String] = []
            for index in 0..<(clients * Self.storiesPerClient) {
                let content = ArticleContent(
                    headline: "Bench \(clients)-\(index)", bylines: ["Bench"], body: ["Text."],
                    slug: "bench-\(clients)-\(index)", desk: "city")
                drafted.append(try await newsroom.draft(content, by: bench).articleID)
            }
            let stories = drafted
            let slice = seconds / Self.slices
            var http = 0.0
            var raw = 0.0
            var direct = 0.0
            for round in 0..<Self.slices {
                http += try await Measure.throughput(workers: clients, duration: slice) { worker, deadline in
                    try await LoadClient.withConnection(port: port) { client in
                        var iteration = 0
                        while ContinuousClock.now < deadline {
                            let story = stories[worker * Self.storiesPerClient + iteration % Self.storiesPerClient]
                            let status = try await client.post(
                                "/v1/articles/\(story)/comments", json: "{\"text\":\"comment \(iteration)\"}",
                                headers: [("Authorization", "Bearer \(token)")])
                            guard status == 200 else {
                                throw BenchmarkFailure("a command failed with status \(status)")
                            }
                            iteration += 1
                        }
                        return iteration
                    }
                }
                // The server's projections work asynchronously; each measurement starts once they have caught up,
                // so that it does not share the machine with the backlog of the one before.
                try await waitForProjections(pool: pool, after: "HTTP")
                let store = EventStore(pool: pool)
                raw += try await Measure.throughput(workers: clients, duration: slice) { worker, iteration in
                    try await store.append(
                        to: "raw-\(clients)-\(round)-\(worker)",
                        expected: iteration == 0 ? .noStream : .exact(Int64(iteration)),
                        events: [NewEvent(type: "CommentAdded", data: .object(["text": .string("comment")]))],
                        metadata: EventMetadata(actor: "bench"))
                }
                try await waitForProjections(pool: pool, after: "the appends")
                // The same commands without HTTP: splits what HTTP costs from what deciding and projecting do.
                direct += try await Measure.throughput(workers: clients, duration: slice) { worker, iteration in
                    try await newsroom.perform(
                        .comment("comment \(iteration)"),
                        on: stories[worker * Self.storiesPerClient + iteration % Self.storiesPerClient], by: bench)
                }
                try await waitForProjections(pool: pool, after: "Newsroom")
            }
            let slices = Double(Self.slices)
            report.add(
                "commands over HTTP, \(clients) client(s), vs the store's appends at the same concurrency",
                galley: http / slices, baseline: raw / slices, unit: "commands/s",
                target: clients == 16 ? ">= 0.5x" : "-")
            report.add(
                "the same commands through Newsroom without HTTP, \(clients) client(s), vs the store's appends",
                galley: direct / slices, baseline: raw / slices, unit: "commands/s", target: "-")
        }
        server.cancel()
        _ = try? await server.value
        await pool.close()
        report.printTable()
    }

    /// How many alternating slices of HTTP, appends and Newsroom make one figure: alternating keeps a drift in
    /// the machine's speed from favouring whichever runs first.
    static let slices = 3

    /// The stories each client works on in turn.
    static let storiesPerClient = 40

    /// Waits until every projection the server runs has handled the whole log, and says how long that took.
    private func waitForProjections(pool: ConnectionPool, after phase: String) async throws {
        let runner = ProjectionRunner(configuration: database.configuration)
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
