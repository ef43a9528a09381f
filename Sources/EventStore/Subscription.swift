import Foundation
import Postgres

/// A named reader of the global log whose checkpoint lives in the database.
///
/// `run` hands each batch of events, in global order, to a handler inside a transaction that also moves the
/// checkpoint, so each event takes effect exactly once. It wakes on NOTIFY and also polls, so a lost
/// notification or a reconnect costs latency, never an event. A session-level advisory lock keeps one process
/// per subscription name; a stand-by process takes over when the holder's connection ends (say, it died).
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

    /// The advisory lock namespace for subscriptions ("SUBS").
    static let lockNamespace: Int32 = 0x5355_4253

    /// Describes a subscription; nothing runs until `run`.
    public init(
        name: String, configuration: ConnectionConfiguration, batchSize: Int = 500,
        pollInterval: Duration = .seconds(1), takeoverInterval: Duration = .milliseconds(500)
    ) {
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

    private func runOnce(_ handler: @escaping Handler) async throws {
        let connection = try await Connection.connect(configuration)
        do {
            try await deliver(on: connection, handler)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private func deliver(on connection: Connection, _ handler: @escaping Handler) async throws {
        while !Task.isCancelled {
            let locked: Bool = try await connection.query(
                "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [Self.lockNamespace, name]
            )[0].decode("locked")
            if locked { break }
            try await Task.sleep(for: takeoverInterval)
        }
        guard !Task.isCancelled else { return }
        try await connection.listen(EventStore.notificationChannel)
        try await connection.execute(
            "INSERT INTO subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name])
        var reader = GlobalLogReader(after: try await Self.checkpoint(of: name, on: connection))
        while !Task.isCancelled {
            let events = try await reader.read(on: connection, limit: batchSize)
            if !events.isEmpty {
                let (name, checkpoint) = (name, reader.checkpoint)
                try await connection.transaction { connection in
                    try await connection.withSession { session in
                        try handler(events, session)
                        try session.execute(
                            "UPDATE subscriptions SET position = $2, updated_at = now() WHERE name = $1",
                            [name, checkpoint])
                    }
                }
                if events.count == batchSize { continue }
            }
            // A gap resolves as soon as the appends in flight end; otherwise sleep until NOTIFY or the poll.
            let wait = reader.isWaitingOnGap ? Duration.milliseconds(5) : pollInterval
            _ = try await connection.waitForNotification(timeout: wait)
        }
    }
}
