import EventStore
import Foundation
import Galley
import Postgres
import Transparency

/// The log's Merkle tree: appends with its builder running beside appends without it, the tree built from
/// scratch beside the projections' rebuild of the same log, inclusion proofs beside the one-row read they start
/// with, and a checkpoint's signing beside the bare Ed25519 signature.
struct TreeBenchmark {
    let database: BenchmarkDatabase
    let seconds: Duration
    let events: Int
    var report = Report()

    mutating func run() async throws {
        for writers in [1, 4] { try await appends(writers: writers) }
        print("filling the log with \(events) events...")
        try await Connection.with(database.configuration) {
            try await ProjectionBenchmark.fill($0, events: events, stories: max(1, events / 50))
        }
        try await build()
        let signer = try NoteSigner.generate(name: "bench.example/log")
        try await proofs(signer: signer)
        try await signing(signer: signer)
        report.printTable()
    }

    /// One event per command, alternating slices without and with the builder following the log. Before a slice
    /// with it, the builder first catches up on the slice before (untimed), so that it works on the measured
    /// slice's events alone, as one that follows the log all along would.
    private mutating func appends(writers: Int) async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: writers + 2)
        let store = EventStore(pool: pool)
        let configuration = database.configuration
        var with = 0.0
        var without = 0.0
        for slice in 0..<(2 * StoreBenchmark.slices) {
            let building = slice % 2 == 1
            let builder = building ? Task { try await LogTreeBuilder(configuration: configuration).run() } : nil
            if building { try await LogTreeBuilder(configuration: configuration).catchUp() }
            let rate = try await Measure.throughput(workers: writers, duration: seconds / StoreBenchmark.slices) {
                worker, iteration in
                let stream = "tree-\(writers)-\(slice)-\(worker)-\(iteration % 50)"
                let version = Int64(iteration / 50)
                try await store.append(
                    to: stream, expected: version == 0 ? .noStream : .exact(version),
                    events: [NewEvent(type: "ArticleEdited", data: StoreBenchmark.payload)],
                    metadata: EventMetadata(actor: "bench"))
            }
            builder?.cancel()
            _ = await builder?.result
            if building { with += rate } else { without += rate }
        }
        await pool.close()
        report.add(
            "append with the tree builder following, \(writers) writer(s)",
            galley: with / Double(StoreBenchmark.slices),
            baseline: without / Double(StoreBenchmark.slices), unit: "events/s", target: ">= 0.95x")
    }

    /// The tree from its first leaf over the whole log, beside every projection rebuilt from the same log.
    private mutating func build() async throws {
        let clock = ContinuousClock()
        try await Connection.with(database.configuration) { try await LogTreeBuilder.reset(on: $0) }
        var start = clock.now
        try await LogTreeBuilder(configuration: database.configuration).catchUp(timeout: .seconds(3_600))
        let size = try await Connection.with(database.configuration) { try await LogTreeStore.size(on: $0) }
        let tree = Double(size) / Measure.seconds(clock.now - start)
        start = clock.now
        let rebuilt = try await ProjectionRebuild(configuration: database.configuration).run()
        let projections = Double(rebuilt.events) / Measure.seconds(clock.now - start)
        report.add(
            "the tree built from scratch, \(size) leaves, beside the projections' rebuild", galley: tree,
            baseline: projections, unit: "events/s", target: "-")
    }

    /// An inclusion proof of a random event against the latest checkpoint, beside reading the event's leaf row.
    private mutating func proofs(signer: NoteSigner) async throws {
        let connection = try await Connection.connect(database.configuration)
        _ = try await LogCheckpointer(signer: signer).sign(on: connection)
        let size = try await LogTreeStore.size(on: connection)
        let indexes = (0..<2_000).map { _ in Int64.random(in: 0..<Int64(size)) }
        let positions: [Int64] = try await connection.query(
            """
            SELECT (SELECT positions[i % 256 + 1] FROM log_leaf_tiles WHERE tile_index = i / 256) AS position
            FROM unnest($1::int8[]) AS i
            """, [indexes]
        ).map { try $0.decode("position") }
        let baseline = try await Measure.latencies(count: positions.count) { index in
            _ = try await LogTreeStore.leafIndex(position: positions[index], on: connection)
        }
        let proofs = try await Measure.latencies(count: positions.count) { index in
            _ = try await LogProofs.proof(position: positions[index], on: connection)
        }
        await connection.close()
        report.addLatencies(
            "inclusion proof at \(size) leaves, beside finding its leaf (one row)", galley: proofs, baseline: baseline,
            target: "p99 < 5 ms")
    }

    /// Signing a checkpoint after one more event (its consistency with the last one checked from the tiles), beside
    /// the Ed25519 signature alone.
    private mutating func signing(signer: NoteSigner) async throws {
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2)
        let store = EventStore(pool: pool)
        let builder = LogTreeBuilder(configuration: database.configuration)
        let checkpointer = LogCheckpointer(signer: signer)
        let clock = ContinuousClock()
        var samples: [Double] = []
        for round in 0..<200 {
            try await store.append(
                to: "signed-\(round)", expected: .noStream,
                events: [NewEvent(type: "ArticleEdited", data: StoreBenchmark.payload)],
                metadata: EventMetadata(actor: "bench"))
            try await builder.catchUp()
            let start = clock.now
            _ = try await pool.withConnection { try await checkpointer.sign(on: $0) }
            samples.append(Measure.seconds(clock.now - start) * 1_000)
        }
        await pool.close()
        let text = Checkpoint(origin: "bench.example/log", size: 1, root: MerkleTree.emptyRoot).text
        let bare = try await Measure.latencies(count: 200) { _ in _ = try signer.sign(text: text) }
        report.addLatencies(
            "signing a checkpoint (with its consistency check and its row), beside the signature alone",
            galley: samples.sorted(), baseline: bare, target: "-")
    }
}
