import Coding
import EventStore
import Foundation
import Postgres

/// The event store's figures beside raw PostgreSQL doing the same work on the same server in the same run.
struct StoreBenchmark {
    let database: BenchmarkDatabase
    let seconds: Duration
    let fill: Int
    var report = Report()
    private var inserts: RawInserts { RawInserts(configuration: database.configuration) }

    static let payload = JSONValue.object([
        "headline": .string("Ceasefire talks resume in Doha as aid convoys wait at the border"),
        "body": .array((0..<4).map { .string("Paragraph \($0) of a story that is long enough to be realistic.") }),
        "words": .int(812),
    ])

    mutating func run() async throws {
        try await inserts.createTable()
        for writers in [1, 2, 4, 8, 16] { try await appends(writers: writers) }
        try await batches()
        try await globalRead()
        try await latency()
        report.printTable()
    }

    /// How many alternating slices of Galley and raw PostgreSQL make one figure: alternating keeps a drift in
    /// the machine's fsync time from favouring whichever side happens to run first.
    static let slices = 3

    /// One event per command, each writer on its own streams with exact expected versions.
    private mutating func appends(writers: Int) async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: writers + 2)
        let store = EventStore(pool: pool)
        var galley = 0.0
        var raw = 0.0
        for slice in 0..<Self.slices {
            galley += try await Measure.throughput(workers: writers, duration: seconds / Self.slices) {
                worker, iteration in
                let stream = "bench-\(writers)-\(slice)-\(worker)-\(iteration % 50)"
                let version = Int64(iteration / 50)  // each worker uses stream k at iterations k, k + 50, k + 100...
                try await store.append(
                    to: stream, expected: version == 0 ? .noStream : .exact(version),
                    events: [NewEvent(type: "ArticleEdited", data: Self.payload)],
                    metadata: EventMetadata(actor: "bench"))
            }
            raw += try await inserts.rate(writers: writers, rows: 1, duration: seconds / Self.slices)
        }
        await pool.close()
        report.add(
            "append, 1 event per command, \(writers) writer(s)", galley: galley / Double(Self.slices),
            baseline: raw / Double(Self.slices), unit: "events/s",
            target: writers == 1 ? ">= 0.8x" : writers == 16 ? ">= 2x" : "-")
    }

    /// One 100-event append per command against one 100-row INSERT per transaction.
    private mutating func batches() async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2)
        let store = EventStore(pool: pool)
        let events = (0..<100).map { _ in NewEvent(type: "ArticleEdited", data: Self.payload) }
        var galley = 0.0
        var raw = 0.0
        for slice in 0..<Self.slices {
            galley += try await Measure.throughput(workers: 1, duration: seconds / Self.slices, unit: 100) {
                _, iteration in
                try await store.append(
                    to: "batch-\(slice)-\(iteration)", expected: .noStream, events: events,
                    metadata: EventMetadata(actor: "bench"))
            }
            raw += try await inserts.rate(writers: 1, rows: 100, duration: seconds / Self.slices)
        }
        await pool.close()
        report.add(
            "append, 100 events per command", galley: galley / Double(Self.slices), baseline: raw / Double(Self.slices),
            unit: "events/s", target: ">= 0.7x")
    }

    /// Reading the whole log in order through its gap-safe tail, against COPY of the same rows.
    private mutating func globalRead() async throws {
        let connection = try await Connection.connect(database.configuration)
        let clock = ContinuousClock()
        var start = clock.now
        var count = 0
        for try await batch in LogTail(on: connection, after: 0, until: .head, batchSize: 5_000) {
            count += batch.count
        }
        let galley = Double(count) / Measure.seconds(clock.now - start)
        start = clock.now
        let bytes = try await connection.withSession { session in
            try session.copyOut(
                "COPY (SELECT position, stream_id, version, type, data, metadata, command_id, recorded_at, hash FROM events ORDER BY position) TO STDOUT"
            ) { _ in }
        }
        let copy = Double(count) / Measure.seconds(clock.now - start)
        await connection.close()
        report.add(
            "global read of \(count) events (COPY moved \(bytes / 1_000_000) MB)", galley: galley, baseline: copy,
            unit: "events/s", target: ">= 0.5x")
    }

    /// Append latency on a log of 10k events, then of 1M.
    private mutating func latency() async throws {
        let latencyDatabase = try await BenchmarkDatabase.create(
            admin: database.adminConfiguration, migrations: database.migrations)
        defer { Task { await latencyDatabase.drop() } }
        let pool = ConnectionPool(configuration: latencyDatabase.configuration, maxConnections: 2)
        let store = EventStore(pool: pool)
        let connection = try await Connection.connect(latencyDatabase.configuration)
        try await Self.fill(connection, upTo: 10_000)
        let small = try await Self.appendLatency(store, round: 0)
        print("filling the log to \(fill) events...")
        try await Self.fill(connection, upTo: fill)
        let large = try await Self.appendLatency(store, round: 1)
        await connection.close()
        await pool.close()
        report.addLatency(
            "append latency, 1 writer, \(fill / 1_000)k vs 10k events in the log", small: small, large: large,
            target: "p99 ratio <= 1.5x")
    }

    private static func appendLatency(_ store: EventStore, round: Int) async throws -> (p50: Double, p99: Double) {
        let samples = try await Measure.latencies(count: 3_000) { index in
            let stream = "fill-\(index * 7)"
            try await store.append(
                to: "latency-\(round)-\(stream)", expected: .any,
                events: [NewEvent(type: "ArticleEdited", data: payload)],
                metadata: EventMetadata(actor: "bench"))
        }
        return (Measure.percentile(samples, 0.5), Measure.percentile(samples, 0.99))
    }

    /// Bulk-loads filler events (50 per stream) until the log holds `target` events.
    private static func fill(_ connection: Connection, upTo target: Int) async throws {
        let current: Int64 = try await connection.query("SELECT count(*) AS n FROM events")[0].decode("n")
        var next = Int64(current)
        while next < Int64(target) {
            let last = min(Int64(target), next + 200_000)
            try await connection.execute(
                """
                INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
                SELECT 'fill-' || (g / 50), g % 50 + 1, 'Filled', $3, $4, NULL, now(), $5
                FROM generate_series($1::int8, $2::int8) AS g
                """,
                [
                    next, last - 1, PostgresJSON(payload.canonicalText),
                    PostgresJSON(EventMetadata(actor: "bench").json(schemaVersion: 1).canonicalText),
                    Data(repeating: 1, count: 32),
                ])
            next = last
        }
        try await connection.withSession { try $0.runScript("VACUUM ANALYZE events") }
    }
}

extension Range<Int> {
    func asyncMap<T>(_ transform: (Int) async throws -> T) async throws -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
