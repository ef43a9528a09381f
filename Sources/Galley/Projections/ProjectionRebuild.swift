import Editorial
import EventStore
import Foundation
public import Postgres

/// Rebuilds projections from the start of the log while readers keep reading their current tables.
///
/// All the projections asked for are rebuilt in one pass over the log. The new tables are built aside (`<table>_next`): the whole log is read once, gap-safely and read-only, every
/// story folded in memory, and the rows written in short transactions of their own, so a rebuild is never the
/// long write transaction that would hold back the delivery of other subscriptions. Then one short transaction
/// locks each projection's checkpoint (which pauses a live process at its next batch), brings the new tables up
/// to that checkpoint, swaps them in by renaming, and drops the old ones.
public struct ProjectionRebuild: Sendable {
    /// Where to connect.
    public let configuration: ConnectionConfiguration
    /// What to rebuild.
    public let projections: [Projection]
    /// Events read from the log at a time.
    public var batchSize = 5_000
    /// Stories written to the new tables a transaction at a time.
    public var storiesPerTransaction = 1_000

    /// How far a rebuild has got.
    public struct Progress: Sendable {
        /// Events read so far.
        public var events: Int
        /// Events in the log when the rebuild started (more may arrive meanwhile).
        public var total: Int
    }

    /// What a rebuild did.
    public struct Report: Sendable {
        /// Events folded.
        public var events: Int
        /// Stories written.
        public var stories: Int
        /// The newest checkpoint the new tables stand at.
        public var checkpoint: Int64
        /// Time spent reading and folding the log.
        public var folding: Duration
        /// Time spent writing the new tables.
        public var writing: Duration
        /// Time the swap transaction took.
        public var swapping: Duration
    }

    /// Creates a rebuild of `projections` (all of them by default).
    public init(configuration: ConnectionConfiguration, projections: [Projection] = Projection.all) {
        self.configuration = configuration
        self.projections = projections.sorted { $0.name < $1.name }  // one lock order for every rebuild
    }

    /// The advisory lock namespace for rebuilds ("RBLD"): one rebuild of a projection at a time.
    static let lockNamespace: Int32 = 0x5242_4C44

    /// Rebuilds, reporting progress after each batch read (the rebuild waits for `progress` to return).
    public func run(progress: @Sendable (Progress) async -> Void = { _ in }) async throws -> Report {
        try await Connection.with(configuration) { connection in
            for projection in projections {
                let locked: Bool = try await connection.query(
                    "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [Self.lockNamespace, projection.name]
                )[0].decode("locked")
                guard locked else {
                    throw GalleyError.conflict("a rebuild of \(projection.name) is already running")
                }
            }
            try await createTablesAside(on: connection)
            let clock = ContinuousClock()
            let start = clock.now
            let (stories, built, events) = try await foldLog(on: connection, progress: progress)
            let folded = clock.now
            try await write(stories, on: connection)
            let written = clock.now
            let checkpoint = try await swap(on: connection, builtThrough: built)
            return Report(
                events: events, stories: stories.count, checkpoint: checkpoint, folding: folded - start,
                writing: written - folded, swapping: clock.now - written)
        }
    }

    private func createTablesAside(on connection: Connection) async throws {
        try await connection.withSession { session in
            for projection in projections {
                try session.execute("DROP TABLE IF EXISTS \(projection.name)_next")
                try session.execute("CREATE TABLE \(projection.name)_next (LIKE \(projection.name) INCLUDING ALL)")
            }
        }
    }

    /// Reads the log up to its head as it is now, folding every story. The next batch is read while this one
    /// is folded, and stories are split over the cores by stream: each core decodes and folds its own.
    private func foldLog(on connection: Connection, progress: @Sendable (Progress) async -> Void) async throws
        -> (stories: [Story], checkpoint: Int64, events: Int)
    {
        let head = try await EventStore.head(on: connection)
        let total = try await EventStore.count(through: head, on: connection)
        let partitions = (0..<Self.foldingLanes).map { _ in Partition() }
        var events = 0
        var tail = LogTail(on: connection, after: 0, until: .position(head), batchSize: batchSize).makeAsyncIterator()
        var batch = try await tail.next()
        while let current = batch {
            try Task.checkCancellation()
            // The next batch is read while this one is folded.
            let next = Task { [tail] in
                var tail = tail
                return (try await tail.next(), tail)
            }
            try await Self.fold(current, into: partitions)
            events += current.count
            await progress(Progress(events: events, total: Int(total)))
            (batch, tail) = try await next.value
        }
        return (partitions.flatMap { $0.stories.values }, tail.checkpoint, events)
    }

    /// How many cores fold at once.
    static let foldingLanes = 2

    /// Some of the stories being folded; only the one task folding into it touches it while a batch is folded.
    private final class Partition: @unchecked Sendable {
        var stories: [String: Story] = [:]
    }

    /// Folds a batch's story events into the partitions: a story always goes to the same partition, so its
    /// events are folded there in their order.
    private static func fold(_ batch: [RecordedEvent], into partitions: [Partition]) async throws {
        var lanes = [[RecordedEvent]](repeating: [], count: partitions.count)
        for event in batch where ArticleHandler.articleID(ofStream: event.streamID) != nil {
            lanes[Int(UInt(bitPattern: event.streamID.hashValue) % UInt(partitions.count))].append(event)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (partition, lane) in zip(partitions, lanes) {
                group.addTask {
                    for recorded in lane {
                        let id = ArticleHandler.articleID(ofStream: recorded.streamID) ?? recorded.streamID
                        try partition.stories[id, default: Story(id: id)].apply(recorded, keepingEvent: false)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Writes the stories' rows into the new tables, in short transactions over two connections at once, so
    /// that encoding rows on one core overlaps with PostgreSQL storing them on another.
    private func write(_ stories: [Story], on connection: Connection) async throws {
        let chunks = stride(from: 0, to: stories.count, by: storiesPerTransaction).map {
            Array(stories[$0..<min(stories.count, $0 + storiesPerTransaction)])
        }
        let projections = projections
        try await Connection.with(configuration) { second in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (lane, connection) in [connection, second].enumerated() {
                    group.addTask {
                        for chunk in chunks.enumerated().filter({ $0.offset % 2 == lane }).map(\.element) {
                            let rows = projections.map { ($0, $0.copyRows(chunk)) }
                            try await connection.transaction { connection in
                                try await connection.withSession { session in
                                    for (projection, copy) in rows {
                                        try projection.copy(copy, suffix: "_next", on: session)
                                    }
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// Brings the new tables to each live checkpoint (or the live checkpoint to them) and swaps them in.
    private func swap(on connection: Connection, builtThrough built: Int64) async throws -> Int64 {
        let projections = projections
        return try await connection.transaction { connection in
            try await connection.withSession { session in
                var checkpoint = built
                for projection in projections {
                    let name = projection.name
                    let live = try Subscription.lockCheckpoint(of: name, on: session)
                    if live > built {
                        // The live projection got further while the tables were built: replay its stretch aside.
                        let streams = try EventStore.streams(after: built, through: live, on: session)
                        try projection.refresh(streams, through: live, suffix: "_next", on: session)
                    }
                    try session.execute("ALTER TABLE \(name) RENAME TO \(name)_old")
                    try session.execute("ALTER TABLE \(name)_next RENAME TO \(name)")
                    try session.execute("DROP TABLE \(name)_old")
                    // The rebuilt table holds every story again, so none is passed over any more.
                    try Subscription.reset(name, to: max(live, built), on: session)
                    checkpoint = max(checkpoint, live)
                }
                return checkpoint
            }
        }
    }
}
