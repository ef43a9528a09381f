public import EventStore
import Foundation
public import Logging
public import Postgres

/// Keeps the read models current: all of them live (for the server), or up to now (for a command-line tool).
public struct ProjectionRunner: Sendable {
    /// Where to connect; each projection's subscription holds a connection of its own.
    public let configuration: ConnectionConfiguration
    /// The projections to run.
    public var projections: [Projection]
    /// The most events a projection handles in one transaction. A projection that falls behind takes big
    /// batches, in which each story's rows are replaced once for all of its events: the larger the batch, the
    /// sooner it catches up.
    public var batchSize = 5_000
    /// How long a live projection lets events gather after a wake-up: under load, one batch then replaces a
    /// story's rows once for many commands instead of once for each (see `Subscription.gatherInterval`).
    public var gatherInterval = Duration.milliseconds(10)

    /// Each projection's folds of recently touched stories, kept for the runner's life.
    let caches: [String: FoldCache<Projection.Fold>]
    /// Where the projections this process runs stand, in memory.
    public let progress: ProjectionProgress
    /// Where a projection that cannot apply an event says so.
    public var logger = Logger(label: "galley.projections")
    /// A standby for reads that may lag (`current`), if the server has one.
    public var standby: StandbyReads?

    /// A runner for every projection.
    public init(configuration: ConnectionConfiguration, projections: [Projection] = Projection.all) {
        self.configuration = configuration
        self.projections = projections
        self.caches = Dictionary(uniqueKeysWithValues: projections.map { ($0.name, FoldCache<Projection.Fold>()) })
        self.progress = ProjectionProgress(projections: projections.map(\.name))
    }

    /// Brings every projection up to the log's head as it is now, so that a read that follows sees every
    /// command that committed before it. A projection another process runs is waited for, not run twice.
    ///
    /// Every read calls this, so the common case is one query on a pooled connection: the head and every
    /// checkpoint at once. Only a projection that is behind gets a connection of its own to catch up on.
    @discardableResult
    public func catchUp(using pool: ConnectionPool) async throws -> Int64 {
        let names = projections.map(\.name)
        let (head, behind) = try await pool.withConnection { try await Subscription.behind(names, on: $0) }
        guard !behind.isEmpty else { return head }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for projection in projections where behind.contains(projection.name) {
                group.addTask {
                    let cache = caches[projection.name]
                    try await subscription(projection).catchUp(to: head) { events, session in
                        try projection.apply(events, on: session, cache: cache)
                    }
                }
            }
            try await group.waitForAll()
        }
        return head
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

    /// Each projection's checkpoint, the log's head, and how many events each has still to handle, in one query.
    public func status(using pool: ConnectionPool) async throws -> [ProjectionStatus] {
        try await Subscription.status(of: projections.map(\.name), using: pool)
    }

    func subscription(_ projection: Projection) -> Subscription {
        // Read models are rebuilt from the log, so their batches need not wait for the disk (see the property).
        var subscription = Subscription(
            name: projection.name, configuration: configuration, batchSize: batchSize,
            gatherInterval: gatherInterval, commitsAsynchronously: true)
        let (progress, name, logger) = (progress, projection.name, logger)
        subscription.observer = { event in
            switch event {
            case .running(let isRunning): progress.running(name, isRunning)
            case .committed(let position): progress.committed(name, through: position)
            case .parked(let failure):
                logger.error(
                    "projection cannot apply an event: its story is passed over until the projection is rebuilt",
                    metadata: ["projection": .string(name), "failure": .string(failure.description)])
            }
        }
        return subscription
    }

    /// Makes the read models current for a read in a process that runs the projections: it waits in memory
    /// for them to commit what this process has seen of the log, at most `timeout`, and returns how far behind
    /// they still are. In a process that does not run them all it asks the database (`catchUp`).
    public func waitForReadModels(using pool: ConnectionPool, timeout: Duration) async throws -> Int64 {
        try await readModelsReach(using: pool, timeout: timeout).lag
    }

    /// What `waitForReadModels` does, with the position the read models were to reach: what this process has
    /// seen, or in a process that does not run them all, the head they were brought to.
    private func readModelsReach(using pool: ConnectionPool, timeout: Duration) async throws -> (
        position: Int64, lag: Int64
    ) {
        guard progress.runsAll else {
            let head = try await catchUp(using: pool)
            return (max(head, progress.seen), 0)
        }
        let seen = progress.seen
        return (seen, await progress.waitForReadModels(timeout: timeout))
    }
}

extension ProjectionRunner {
    /// The read models a read that may lag should use, and how far behind they were: once the projections hold
    /// what this process has seen of the log (`waitForReadModels`), the standby's when it holds that too, else
    /// `readModels` themselves. Reads that decide, audit or write keep to the primary and do not call this.
    public func current(_ readModels: ReadModels, timeout: Duration) async throws -> (
        readModels: ReadModels, lag: Int64
    ) {
        // The standby must hold what the primary's read models were to reach: in a process that does not run them
        // all, the head, which takes in another server's commands.
        let (target, lag) = try await readModelsReach(using: readModels.pool, timeout: timeout)
        guard let standby, lag == 0, await standby.holds(target) else { return (readModels, lag) }
        return (ReadModels(pool: standby.pool, searchPool: standby.searchPool), lag)
    }
}

/// Where one projection stands: its subscription's status, as the store reads it.
public typealias ProjectionStatus = SubscriptionStatus
