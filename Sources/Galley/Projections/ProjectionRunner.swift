import EventStore
import Foundation
import Postgres

/// Keeps the read models current: all of them live (for the server), or up to now (for a command-line tool).
public struct ProjectionRunner: Sendable {
    /// Where to connect; each projection's subscription holds a connection of its own.
    public let configuration: ConnectionConfiguration
    /// The projections to run.
    public var projections: [Projection]
    /// The most events a projection handles in one transaction.
    public var batchSize = 500

    /// Each projection's folds of recently touched stories, kept for the runner's life.
    let caches: [String: StoryCache]

    /// A runner for every projection.
    public init(configuration: ConnectionConfiguration, projections: [Projection] = Projection.all) {
        self.configuration = configuration
        self.projections = projections
        self.caches = Dictionary(uniqueKeysWithValues: Projection.all.map { ($0.name, StoryCache()) })
    }

    /// Brings every projection up to the log's head as it is now, so that a read that follows sees every
    /// command that committed before it. A projection another process runs is waited for, not run twice.
    public func catchUp() async throws {
        let head = try await Self.head(configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for projection in projections {
                group.addTask {
                    let cache = caches[projection.name]
                    try await subscription(projection).catchUp(to: head) { events, session in
                        try projection.apply(events, on: session, cache: cache)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs every projection until the task is cancelled; in each, a stand-by process takes over when the
    /// process running it dies.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for projection in projections {
                group.addTask {
                    let cache = caches[projection.name]
                    try await subscription(projection).run { events, session in
                        try projection.apply(events, on: session, cache: cache)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Each projection's checkpoint, the log's head, and how many events each has still to handle.
    public func status() async throws -> [ProjectionStatus] {
        try await Connection.with(configuration) { connection in
            let head = try await Self.head(connection)
            var statuses: [ProjectionStatus] = []
            for projection in projections {
                let rows = try await connection.query(
                    """
                    SELECT coalesce((SELECT position FROM subscriptions WHERE name = $1), 0) AS checkpoint,
                           (SELECT updated_at FROM subscriptions WHERE name = $1) AS updated_at
                    """, [projection.name])
                let checkpoint: Int64 = try rows[0].decode("checkpoint")
                let lag: Int64 = try await connection.query(
                    "SELECT count(*) AS lag FROM events WHERE position > $1", [checkpoint])[0].decode("lag")
                statuses.append(
                    ProjectionStatus(
                        name: projection.name, checkpoint: checkpoint, head: head, lag: lag,
                        updatedAt: try rows[0].decode("updated_at")))
            }
            return statuses
        }
    }

    func subscription(_ projection: Projection) -> Subscription {
        Subscription(name: projection.name, configuration: configuration, batchSize: batchSize)
    }

    static func head(_ configuration: ConnectionConfiguration) async throws -> Int64 {
        try await Connection.with(configuration) { try await head($0) }
    }

    static func head(_ connection: Connection) async throws -> Int64 {
        try await connection.query("SELECT coalesce(max(position), 0) AS head FROM events")[0].decode("head")
    }
}

/// Where one projection stands.
public struct ProjectionStatus: Sendable, Hashable {
    /// The projection.
    public var name: String
    /// The position of the last event it handled.
    public var checkpoint: Int64
    /// The position of the newest event in the log.
    public var head: Int64
    /// How many events it has still to handle.
    public var lag: Int64
    /// When its checkpoint last moved; nil if it never ran.
    public var updatedAt: Date?
}
