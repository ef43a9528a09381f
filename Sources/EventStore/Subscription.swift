import Foundation
public import Postgres

/// A named reader of the global log whose checkpoint lives in the database.
///
/// `run` hands each batch of events, in global order, to a handler inside a transaction that also moves the
/// checkpoint, so each event takes effect exactly once. It wakes on NOTIFY and also polls, so a lost
/// notification or a reconnect costs latency, never an event. A session-level advisory lock keeps one process
/// per subscription name; a stand-by process takes over when the holder's connection ends (say, it died).
///
/// An event the handler cannot apply parks its stream: the events before it are committed, the stream's
/// events are passed over from then on (`subscription_failures` names the event and the error), and every
/// other stream goes on. One bad story then costs its own read model rows, not everyone's reads.
public struct Subscription: Sendable {
    /// The subscription's name, the key of its checkpoint.
    public let name: String
    /// Where to connect; the subscription holds one connection of its own while it runs.
    public let configuration: ConnectionConfiguration
    /// The most events handed to the handler at once.
    public var batchSize: Int
    /// How long to wait for a notification before looking anyway.
    public var pollInterval: Duration
    /// How often a stand-by process tries to take over.
    public var takeoverInterval: Duration
    /// How long a caught-up subscription lets new events gather after a wake-up before it reads them: a few
    /// milliseconds of delay turn a busy log's stream of one-event batches into fewer, larger ones.
    public var gatherInterval: Duration
    /// Whether a batch's transaction commits without waiting for its WAL flush.
    ///
    /// Safe only for a handler whose writes the log can rebuild (a projection): a crash may then lose the last
    /// batches' rows and their checkpoint together, and those events are delivered again. It keeps derived
    /// writes from queueing for the disk beside the appends.
    public var commitsAsynchronously: Bool
    /// Whether the log's notifications wake it (true), or it looks every ``pollInterval`` alone (false).
    ///
    /// A listener's server process is signalled at every append's commit; a subscription that is in no hurry (the
    /// log's tree, read only when a checkpoint is signed) polls instead, and costs the appends nothing.
    public var wakesOnNotifications = true
    /// Whether an event the handler cannot apply parks its stream (true) or stops the subscription with the
    /// error (false). A handler for which no event may be passed over sets it false: the log's Merkle tree, where
    /// a leaf left out would shift every later one.
    public var parksFailingStreams = true

    /// Hears, in this process, when the subscription starts or stops delivering (it holds its lock) and each
    /// position it has committed through.
    public var observer: (@Sendable (_ event: Progress) -> Void)?

    /// What an observer hears.
    public enum Progress: Sendable {
        /// The subscription holds its lock and delivers (true), or has stopped (false).
        case running(Bool)
        /// It committed everything up to this position.
        case committed(Int64)
        /// Its handler could not apply an event, whose stream it now passes over.
        case parked(SubscriptionFailure)
    }

    /// The advisory lock namespace for subscriptions ("SUBS").
    static let lockNamespace: Int32 = 0x5355_4253

    /// Describes a subscription; nothing runs until `run`.
    public init(
        name: String, configuration: ConnectionConfiguration, batchSize: Int = 500,
        pollInterval: Duration = .seconds(1), takeoverInterval: Duration = .milliseconds(500),
        gatherInterval: Duration = .zero, commitsAsynchronously: Bool = false
    ) {
        self.gatherInterval = gatherInterval
        self.commitsAsynchronously = commitsAsynchronously
        self.name = name
        self.configuration = configuration
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.takeoverInterval = takeoverInterval
    }

    /// What `run` hands to the handler: the events and the transaction's session for the handler's writes.
    public typealias Handler = @Sendable (_ events: [RecordedEvent], _ session: Session) throws -> Void

    /// Runs until the task is cancelled: waits to hold the subscription's lock, then delivers batches.
    ///
    /// A lost connection is reopened; a handler error rolls its batch back and is rethrown.
    public func run(_ handler: @escaping Handler) async throws {
        while !Task.isCancelled {
            do {
                try await runOnce(handler)
            } catch let error as PostgresError where error.isConnectionLost {
                try await Task.sleep(for: takeoverInterval)
            }
        }
    }

    /// The checkpoint as stored, 0 when the subscription has never run.
    public static func checkpoint(of name: String, on connection: Connection) async throws -> Int64 {
        let rows = try await connection.query("SELECT position FROM subscriptions WHERE name = $1", [name])
        return try rows.first?.decode("position") ?? 0
    }

    /// Works its own connection on that connection's thread: reading the tail, handling and checkpointing are
    /// then direct calls, as in a C client, with no hop per statement.
    private func runOnce(_ handler: @escaping Handler) async throws {
        try await Connection.with(configuration) { connection in
            try await connection.run { try await deliver(on: connection, handler) }
        }
    }

    private func deliver(on connection: Connection, _ handler: @escaping Handler) async throws {
        while !Task.isCancelled {
            if try await tryLock(on: connection) { break }
            try await Task.sleep(for: takeoverInterval)
        }
        guard !Task.isCancelled else { return }
        observer?(.running(true))
        defer { observer?(.running(false)) }
        try await deliver(on: connection, until: .never, handler)
    }

    /// Hands batches from the stored checkpoint until `end`, starting again from the stored checkpoint when a
    /// rebuild moved it meanwhile.
    private func deliver(on connection: Connection, until end: LogTail.End, _ handler: @escaping Handler) async throws {
        var start = try await start(on: connection)
        observer?(.committed(start))
        while !Task.isCancelled {
            let parked = Set(try await Self.failures(of: name, on: connection).map(\.streamID))
            var tail = LogTail(
                on: connection, after: start, until: end, batchSize: batchSize, pollInterval: pollInterval,
                gatherInterval: gatherInterval)
            tail.wakesOnNotifications = wakesOnNotifications
            var batches = tail.makeAsyncIterator()
            var delivered = start
            var moved: Int64?
            while moved == nil, let batch = try await batches.next() {
                let events = parked.isEmpty ? batch : batch.filter { !parked.contains($0.streamID) }
                do {
                    moved = try await deliver(
                        events, after: delivered, through: batches.checkpoint, on: connection, handler)
                } catch let error where parksFailingStreams && Self.isHandlerFailure(error) {
                    // A failure that is not one event's doing (the batch went through event by event, or even an
                    // empty batch fails) is the caller's to hear, as before: parking would pass over good stories.
                    guard let failure = try await isolate(events, after: delivered, on: connection, handler) else {
                        throw error
                    }
                    try await park(failure, on: connection)
                    observer?(.parked(failure))
                    // Again from the checkpoint the events before the culprit left, passing over its stream.
                    moved = try await Self.checkpoint(of: name, on: connection)
                    break
                }
                delivered = batches.checkpoint
                // Committed: a read waiting in this process on these events may go on.
                if moved == nil { observer?(.committed(delivered)) }
            }
            guard let moved else { return }
            start = moved
        }
    }

    /// Brings the subscription's checkpoint to at least `position` (the log's head, say) and returns.
    ///
    /// If no process runs the subscription, this one delivers the missing events itself and lets go; if one
    /// does, this waits for it to get there. Either way the handler's writes up to `position` are committed
    /// when it returns: read-your-writes for a command-line tool that has no projection process of its own.
    public func catchUp(to position: Int64, timeout: Duration = .seconds(30), _ handler: @escaping Handler)
        async throws
    {
        try await Connection.with(configuration) { connection in
            try await connection.run { try await catchUp(to: position, timeout: timeout, on: connection, handler) }
        }
    }

    private func catchUp(
        to position: Int64, timeout: Duration, on connection: Connection, _ handler: @escaping Handler
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await tryLock(on: connection) {
                try await deliver(on: connection, until: .position(position), handler)
                break
            }
            if try await Self.checkpoint(of: name, on: connection) >= position { break }
            guard ContinuousClock.now < deadline else {
                throw EventStoreError.subscriptionBehind(name: name, position: position)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Whether an error came from handling a batch rather than from the connection or the task, so that it
    /// would come back whenever the same events are handled.
    static func isHandlerFailure(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let error = error as? PostgresError, error.isConnectionLost { return false }
        return true
    }

    /// Hands a batch that failed to the handler again one event at a time, each in its own transaction, so that
    /// the events before the culprit are committed and the culprit is named; nil when the failure is not an
    /// event's doing: every one went through, or a batch of no events fails too (a broken checkpoint, say).
    private func isolate(
        _ events: [RecordedEvent], after start: Int64, on connection: Connection, _ handler: @escaping Handler
    ) async throws -> SubscriptionFailure? {
        var delivered = start
        for event in events {
            do {
                let moved = try await deliver(
                    [event], after: delivered, through: event.position, on: connection, handler)
                guard moved == nil else { return nil }
            } catch let error where Self.isHandlerFailure(error) {
                do {
                    _ = try await deliver([], after: delivered, through: delivered, on: connection, handler)
                } catch let probe where Self.isHandlerFailure(probe) {
                    return nil
                }
                return SubscriptionFailure(
                    position: event.position, streamID: event.streamID, type: event.type,
                    message: String(String(describing: error).prefix(2_000)), at: Date())
            }
            delivered = event.position
            observer?(.committed(delivered))
        }
        return nil
    }

    private func park(_ failure: SubscriptionFailure, on connection: Connection) async throws {
        try await connection.execute(
            """
            INSERT INTO subscription_failures (name, stream_id, position, type, failure) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (name, stream_id) DO NOTHING
            """, [name, failure.streamID, failure.position, failure.type, failure.message])
    }

    /// The streams a subscription passes over, each with the event it could not apply, oldest first.
    public static func failures(of name: String, on connection: Connection) async throws -> [SubscriptionFailure] {
        try await connection.query(
            """
            SELECT stream_id, position, type, failure, failed_at FROM subscription_failures WHERE name = $1
            ORDER BY position
            """, [name]
        ).map(SubscriptionFailure.init(row:))
    }

    private func tryLock(on connection: Connection) async throws -> Bool {
        try await connection.query(
            "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [Self.lockNamespace, name]
        )[0].decode("locked")
    }

    /// The stored checkpoint, creating the row of a subscription that never ran.
    private func start(on connection: Connection) async throws -> Int64 {
        try await connection.execute(
            "INSERT INTO subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name])
        return try await Self.checkpoint(of: name, on: connection)
    }

    /// Hands `events` to the handler in the transaction that moves the checkpoint from `before` to `checkpoint`;
    /// returns nil, or the stored checkpoint when it was not at `before`.
    ///
    /// The transaction first locks the subscription's row and checks that the checkpoint is still where this
    /// reader left it. Only a rebuild moves it meanwhile (it swaps in tables built aside, which hold events
    /// this reader has not delivered yet); the reader then starts again from the stored checkpoint.
    private func deliver(
        _ events: [RecordedEvent], after before: Int64, through checkpoint: Int64, on connection: Connection,
        _ handler: @escaping Handler
    ) async throws -> Int64? {
        let (name, asynchronous) = (name, commitsAsynchronously)
        let stored: Int64 = try await connection.transaction { connection in
            try await connection.withSession { session in
                let stored: Int64 = try session.query(
                    """
                    SELECT position, CASE WHEN $2 THEN set_config('synchronous_commit', 'off', true) END
                    FROM subscriptions WHERE name = $1 FOR UPDATE
                    """, [name, asynchronous])[0].decode("position")
                guard stored == before else { return stored }
                try handler(events, session)
                try session.execute(
                    "UPDATE subscriptions SET position = $2, updated_at = now() WHERE name = $1", [name, checkpoint])
                return checkpoint
            }
        }
        return stored == checkpoint ? nil : stored
    }
}
