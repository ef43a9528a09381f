public import Foundation
public import Postgres

/// The append-only log of events in PostgreSQL: streams with expected versions, one gap-safe global order,
/// hash chains, and subscriptions. It knows streams and events, nothing of what they mean.
public final class EventStore: Sendable {
    /// The channel on which every commit that appended events is announced (LISTEN to it to wake up early).
    public static let notificationChannel = "galley_events"
    /// How long an append waits for a stream another transaction holds, unless configured otherwise: long
    /// enough for any healthy writer to commit, short enough that a stuck one is reported while a person waits.
    public static let defaultLockTimeout: Duration = .seconds(5)

    /// The connections the store uses for appends and reads.
    public let pool: ConnectionPool
    private let appender: Appender

    /// Creates a store over a pool.
    ///
    /// - Parameters:
    ///   - maxConcurrentCommits: how many group commits may run at once (each holds one connection). Fewer
    ///     make larger groups: on the 2-core benchmark machine, two gave 16 writers about 1.0x the raw INSERT
    ///     rate against about 0.85x with four, and 4 writers 0.55x against 0.73x (docs/benchmarks.md).
    ///   - maxGroupEvents: the most events one group commit carries.
    ///   - lockTimeout: the longest an append waits for a stream another transaction holds before it fails
    ///     with `EventStoreError.streamHeld`.
    ///   - groupLockTimeout: the longest a group commit waits for such a lock before the held commands leave
    ///     the group to wait alone, so that the group's other commands are not held up with them.
    public init(
        pool: ConnectionPool, maxConcurrentCommits: Int = 2, maxGroupEvents: Int = 1_000,
        lockTimeout: Duration = EventStore.defaultLockTimeout, groupLockTimeout: Duration = .milliseconds(50)
    ) {
        self.pool = pool
        self.appender = Appender(
            pool: pool, maxConcurrentCommits: maxConcurrentCommits, maxGroupEvents: maxGroupEvents,
            lockTimeout: lockTimeout, groupLockTimeout: groupLockTimeout)
    }

    /// How the commit path fares: commands waiting on held streams, the longest group commit under way.
    public var appendHealth: AppendHealth { appender.health }

    /// Appends events to a stream if it is at the expected version, and returns the new version and positions.
    ///
    /// Throws `EventStoreError.wrongExpectedVersion` (carrying the actual version) when another writer got there
    /// first. A command id that already appended the same events returns the earlier result and writes nothing.
    /// Returns only once the events are durable.
    @discardableResult
    public func append(
        to stream: String, expected: ExpectedVersion, events: [NewEvent], metadata: EventMetadata
    ) async throws -> AppendResult {
        try await appender.append(
            try AppendRequest(stream: stream, expected: expected, events: events, metadata: metadata))
    }

    /// The events of one stream in version order, from `version`, optionally up to a version or a moment.
    public func readStream(
        _ stream: String, from version: Int64 = 1, through lastVersion: Int64? = nil, recordedUpTo time: Date? = nil
    ) async throws -> [RecordedEvent] {
        let rows = try await pool.query(
            """
            SELECT \(RecordedEvent.columns) FROM events
            WHERE stream_id = $1 AND version >= $2 AND ($3::int8 IS NULL OR version <= $3)
              AND ($4::timestamptz IS NULL OR recorded_at <= $4)
            ORDER BY version
            """, [stream, version, lastVersion, time])
        return try rows.map(RecordedEvent.init(row:))
    }

    /// A stream's events after `version`, with any earlier ones that `commandID` appended: what a handler that
    /// holds the stream's fold at `version` needs to bring it up to date and to recognize a retried command.
    public func readStream(_ stream: String, after version: Int64, orAppendedBy commandID: UUID) async throws
        -> [RecordedEvent]
    {
        try await pool.query(
            """
            SELECT \(RecordedEvent.columns) FROM events
            WHERE stream_id = $1 AND (version > $2 OR command_id = $3)
            ORDER BY version
            """, [stream, version, commandID]
        ).map(RecordedEvent.init(row:))
    }

    /// The events of `streams`, each after its own version (0: from the start), up to global position
    /// `position`, grouped by stream in id order, each in version order, read in the caller's transaction: a
    /// projection folds the stories a batch touched this way, from where its cached folds stand.
    public static func readStreams(
        _ streams: [String], after versions: [Int64], through position: Int64, on session: Session
    ) throws -> [[RecordedEvent]] {
        // A lateral subquery with its own ORDER BY is one index probe per stream whatever the parameters; as a
        // plain join, the cached generic plan scanned the log by position (0.6 ms a call on a young log).
        let rows = try session.query(
            """
            SELECT events.* FROM unnest($1::text[], $2::int8[]) AS wanted(stream, after)
            CROSS JOIN LATERAL (
                SELECT \(RecordedEvent.columns) FROM events
                WHERE events.stream_id = wanted.stream AND events.version > wanted.after AND events.position <= $3
                ORDER BY events.version
            ) AS events
            ORDER BY events.stream_id, events.version
            """, [streams, versions, position])
        return try grouped(rows)
    }

    private static func grouped(_ rows: QueryResult) throws -> [[RecordedEvent]] {
        var streams: [[RecordedEvent]] = []
        for row in rows {
            let event = try RecordedEvent(row: row)
            if streams.last?.last?.streamID == event.streamID {
                streams[streams.count - 1].append(event)
            } else {
                streams.append([event])
            }
        }
        return streams
    }

    /// The version of a stream's last event, 0 when the stream does not exist.
    public func version(of stream: String) async throws -> Int64 {
        let rows = try await pool.query(
            "SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1", [stream])
        return try rows[0].decode("version")
    }

    /// The position of the newest committed event, 0 for an empty log.
    public func head() async throws -> Int64 {
        try await pool.withConnection { try await Self.head(on: $0) }
    }

    /// The position of the newest committed event, read on `connection`.
    public static func head(on connection: Connection) async throws -> Int64 {
        try await connection.query("SELECT coalesce(max(position), 0) AS head FROM events")[0].decode("head")
    }

    /// How many events the log holds up to `position`, read on `connection`: positions are not dense (a rolled
    /// back append leaves a hole), so this is what a progress bar over the log counts towards.
    public static func count(through position: Int64, on connection: Connection) async throws -> Int64 {
        try await connection.query("SELECT count(*) AS n FROM events WHERE position <= $1", [position])[0]
            .decode("n")
    }

    /// The streams with events after position `start` up to `end`, read in the caller's transaction: the stories
    /// a subscription handled over that stretch, which a rebuild must bring its new tables up to.
    public static func streams(after start: Int64, through end: Int64, on session: Session) throws -> [String] {
        try session.query(
            "SELECT DISTINCT stream_id FROM events WHERE position > $1 AND position <= $2", [start, end]
        ).map { try $0.decode("stream_id") }
    }

    /// The chain hashes of the events at `positions`, in the order asked; a position with no event is left out.
    public static func hashes(at positions: [Int64], on connection: Connection) async throws -> [[UInt8]] {
        try await connection.query(
            """
            SELECT e.hash FROM unnest($1::int8[]) WITH ORDINALITY AS p(position, n)
            JOIN events e ON e.position = p.position ORDER BY p.n
            """, [positions]
        ).map { Array(try $0.decode("hash", as: Data.self)) }
    }

    /// The position of a stream's event at `version`, or of its latest event without one; nil when there is none.
    public static func position(of stream: String, version: Int64?, on connection: Connection) async throws -> Int64? {
        try await connection.query(
            """
            SELECT position FROM events WHERE stream_id = $1 AND ($2::int8 IS NULL OR version = $2)
            ORDER BY version DESC LIMIT 1
            """, [stream, version]
        ).first?.decode("position")
    }

    /// The hash of the event before `event` in its stream, nil for a stream's first event: what an export that
    /// starts mid-stream carries so that its chain can be verified alone.
    public static func previousHash(of event: RecordedEvent, on connection: Connection) async throws -> [UInt8]? {
        guard event.version > 1 else { return nil }
        let rows = try await connection.query(
            "SELECT hash FROM events WHERE stream_id = $1 AND version = $2", [event.streamID, event.version - 1])
        guard let row = rows.first else {
            throw EventStoreError.malformedEvent(
                "\(event.streamID) has no version \(event.version - 1) before event \(event.position); run galley verify"
            )
        }
        return Array(try row.decode("hash", as: Data.self))
    }

    /// Reads the global log after `checkpoint`, at most `limit` events: the first batch of a `LogTail` up to
    /// the head, so an append still in flight below newer events is waited for (up to `timeout`, then the
    /// answer is what came before it), never skipped.
    public func readAll(after checkpoint: Int64, limit: Int, timeout: Duration = .seconds(10)) async throws
        -> [RecordedEvent]
    {
        try await pool.withConnection { connection in
            var tail = LogTail(on: connection, after: checkpoint, until: .head, batchSize: limit, patience: timeout)
                .makeAsyncIterator()
            return try await tail.next() ?? []
        }
    }
}

extension RecordedEvent {
    static let columns = "position, stream_id, version, type, data, metadata, command_id, recorded_at, hash"

    init(row: Row) throws {
        self.init(
            position: try row.decode("position"), streamID: try row.decode("stream_id"),
            version: try row.decode("version"), type: try row.decode("type"), data: try row.decode("data"),
            metadataJSON: try row.decode("metadata"), commandID: try row.decode("command_id"),
            recordedAtMicroseconds: try row.decode("recorded_at", as: PostgresTimestamp.self)
                .microsecondsSinceUnixEpoch,
            hash: Array(try row.decode("hash", as: Data.self)))
    }
}
