public import Logging
public import Postgres

/// The one way to consume the global log: batches of events after a checkpoint, in the log's one order, never
/// skipping an event that commits late (see `GlobalLogReader`), up to an end or following it for ever.
///
/// Every reader of the log goes through it: subscriptions and their catch-up, projection rebuilds, the export,
/// `readAll`, `galley events` (with and without `--follow`) and the server's one tail that feeds every live
/// feed. Following, it wakes on NOTIFY and also polls, so a lost notification costs latency, never an event;
/// on a connection of its own it reconnects after the database restarts and resumes from its checkpoint.
public struct LogTail: AsyncSequence, Sendable {
    /// Where reading stops.
    public enum End: Sendable, Hashable {
        /// At the log's head as it is when reading starts (events appended meanwhile may come too).
        case head
        /// Once the checkpoint reaches this position.
        case position(Int64)
        /// Never: wait for new events until the task is cancelled.
        case never
    }

    enum Source: Sendable {
        case borrowed(Connection)
        case owned(ConnectionConfiguration)
    }

    let source: Source
    let after: Int64
    let end: End
    let batchSize: Int
    let pollInterval: Duration
    let gatherInterval: Duration
    let patience: Duration?
    let logger: Logger?
    /// Whether, following, it listens for the log's notifications (true) or looks every poll interval alone.
    public var wakesOnNotifications = true

    /// Reads on `connection`, which the caller keeps (and may use between batches). With `patience`, a
    /// reader held at a gap (an append in flight that another transaction holds up) ends once it has waited
    /// that long in all, rather than waiting for the transaction to end.
    public init(
        on connection: Connection, after checkpoint: Int64, until end: End, batchSize: Int = 1_000,
        pollInterval: Duration = .seconds(1), gatherInterval: Duration = .zero, patience: Duration? = nil
    ) {
        self.patience = patience
        self.source = .borrowed(connection)
        self.after = checkpoint
        self.end = end
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.gatherInterval = gatherInterval
        self.logger = nil
    }

    /// Reads on a connection of its own, opened when needed; following, it reconnects after a lost connection
    /// (logging it) and resumes where it was.
    public init(
        configuration: ConnectionConfiguration, after checkpoint: Int64, until end: End, batchSize: Int = 1_000,
        pollInterval: Duration = .seconds(1), gatherInterval: Duration = .zero, logger: Logger? = nil
    ) {
        self.patience = nil
        self.source = .owned(configuration)
        self.after = checkpoint
        self.end = end
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.gatherInterval = gatherInterval
        self.logger = logger
    }

    /// Starts reading.
    public func makeAsyncIterator() -> Iterator { Iterator(tail: self) }

    /// Reads batch after batch; `checkpoint` is the position of the last event handed out.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let tail: LogTail
        var reader: GlobalLogReader
        var connection: Connection?
        var isListening = false
        var target: Int64?
        var deadline: ContinuousClock.Instant?

        init(tail: LogTail) {
            self.tail = tail
            self.reader = GlobalLogReader(after: tail.after)
            if case .borrowed(let connection) = tail.source { self.connection = connection }
            if case .position(let position) = tail.end { self.target = position }
        }

        /// The position of the last event handed out (the start, before the first).
        public var checkpoint: Int64 { reader.checkpoint }

        /// The next batch, never empty; nil at the end, or once the task is cancelled.
        public mutating func next() async throws -> [RecordedEvent]? {
            while !Task.isCancelled {
                do {
                    if let batch = try await step() { return batch.isEmpty ? nil : batch }
                } catch let error as PostgresError where error.isConnectionLost {
                    guard case .owned = tail.source, tail.end == .never else { throw error }
                    tail.logger?.warning(
                        "the log's tail lost its connection; reconnecting",
                        metadata: ["checkpoint": "\(checkpoint)", "error": "\(error)"])
                    connection = nil
                    isListening = false
                    try? await Task.sleep(for: .seconds(1))
                } catch let error as PostgresError {
                    // Not reachable yet (a restart under way): the follower waits; anyone else hears of it.
                    guard case .owned = tail.source, tail.end == .never, case .connectionFailed = error else {
                        throw error
                    }
                    tail.logger?.warning(
                        "the log's tail cannot reach the database; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            return nil
        }

        /// One read: a batch, an empty batch at the end, or nil to look again.
        private mutating func step() async throws -> [RecordedEvent]? {
            let connection = try await open()
            if target == nil, tail.end == .head { target = try await EventStore.head(on: connection) }
            if let target, reader.checkpoint >= target { return [] }
            if let patience = tail.patience, deadline == nil { deadline = .now + patience }
            if tail.end == .never, tail.wakesOnNotifications, !isListening {
                try await connection.listen(EventStore.notificationChannel)
                isListening = true
            }
            let events = try await reader.read(on: connection, limit: tail.batchSize)
            if !events.isEmpty { return events }
            if reader.isWaitingOnGap || target != nil {
                if let deadline, ContinuousClock.now >= deadline { return [] }
                // An append in flight below newer events, or below the end: it ends within milliseconds.
                try await Task.sleep(for: .milliseconds(5))
                return nil
            }
            guard tail.wakesOnNotifications else {
                try await Task.sleep(for: tail.pollInterval)
                return nil
            }
            let woken = try await connection.waitForNotifications(timeout: tail.pollInterval)
            if !woken.isEmpty, tail.gatherInterval > .zero { try? await Task.sleep(for: tail.gatherInterval) }
            return nil
        }

        private mutating func open() async throws -> Connection {
            if let connection { return connection }
            guard case .owned(let configuration) = tail.source else { throw PostgresError.closed }
            let opened = try await Connection.connect(configuration)
            connection = opened
            return opened
        }
    }
}
