import EventStore
public import Logging
public import Postgres

/// A standby that answers reads which may lag, once its read models hold what the reader must see. Its
/// projections' checkpoints arrive by replication with their tables, in the same transactions, so they say
/// exactly what its read models hold: no LSN arithmetic, and a person's own commands are never missing.
public struct StandbyReads: Sendable {
    /// Connections to the standby.
    public let pool: ConnectionPool
    /// Connections to the standby for searches, apart from the others as on the primary (`ReadModels.searchPool`).
    public let searchPool: ConnectionPool
    /// The projections whose checkpoints must hold a position.
    let projections: [String]
    /// How long a read waits for the standby before the primary answers it.
    let maxWait: Duration
    let logger: Logger

    /// Reads through `pool` (searches through `searchPool`) for the projections named, waiting at most `maxWait`
    /// for the standby to replay.
    public init(
        pool: ConnectionPool, searchPool: ConnectionPool, projections: [String], maxWait: Duration, logger: Logger
    ) {
        self.pool = pool
        self.searchPool = searchPool
        self.projections = projections
        self.maxWait = maxWait
        self.logger = logger
    }

    /// Whether the standby's read models hold `position`, asked until they do or `maxWait` passes; false, so that
    /// the primary answers, when the standby does not answer.
    public func holds(_ position: Int64) async -> Bool {
        let deadline = ContinuousClock.now + maxWait
        while true {
            do {
                let reached = try await pool.withConnection {
                    try await Subscription.lowestCheckpoint(of: projections, on: $0)
                }
                if reached >= position { return true }
            } catch {
                logger.notice("the standby does not answer; the primary answers reads", metadata: ["error": "\(error)"])
                return false
            }
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
