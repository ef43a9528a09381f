public import Postgres

/// Reads the global log in position order without ever skipping an event that commits late.
///
/// Positions come from a sequence, so they can commit out of order: position 7 may become visible before 6.
/// The reader hands out events only up to the first missing position (a gap). A gap is either an append still
/// in flight or one that rolled back. To tell which, the reader notes a fresh transaction id the first time it
/// sees the gap; every transaction that could own the missing position drew its id before that one (Galley
/// assigns a transaction id before drawing a position). Once the oldest transaction still running is newer than
/// the noted id, all of those have ended: the gap is then filled, or it never will be and is skipped.
///
/// Only transactions that write hold this back; a long read-only transaction has no id and changes nothing.
public struct GlobalLogReader: Sendable {
    /// The position of the last event handed out.
    public private(set) var checkpoint: Int64
    private var watch: (position: Int64, transactionID: Int64)?

    /// Starts after `checkpoint` (0 for the start of the log).
    public init(after checkpoint: Int64) {
        self.checkpoint = checkpoint
    }

    /// Whether the reader stopped at a gap that may still fill; reading again soon will resolve it.
    public var isWaitingOnGap: Bool { watch != nil }

    /// Reads up to `limit` events on the connection's own thread; call it outside a transaction.
    public mutating func read(on connection: Connection, limit: Int) async throws -> [RecordedEvent] {
        let (events, next) = try await connection.withSession { [self] session in
            var reader = self
            return (try reader.read(session, limit: limit), reader)
        }
        self = next
        return events
    }

    /// Reads up to `limit` events after the checkpoint, in order, and moves the checkpoint past them.
    public mutating func read(_ session: Session, limit: Int) throws -> [RecordedEvent] {
        let rows = try session.pipeline([
            Statement(
                """
                SELECT \(RecordedEvent.columns), (SELECT pg_snapshot_xmin(pg_current_snapshot())) AS snapshot_xmin
                FROM events WHERE position > $1 ORDER BY position LIMIT $2
                """, [checkpoint, limit], prepared: true)
        ])[0].get()
        var events: [RecordedEvent] = []
        events.reserveCapacity(rows.count)
        var unresolvedGap: Int64?
        for row in rows {
            let position: Int64 = try row.decode("position")
            if position != checkpoint + 1 {
                let oldestRunning: Int64 = try row.decode("snapshot_xmin")
                if let watch, watch.position == checkpoint + 1, oldestRunning > watch.transactionID {
                    self.watch = nil  // every possible owner has ended: the missing positions rolled back
                } else {
                    unresolvedGap = checkpoint + 1
                    break
                }
            }
            events.append(try RecordedEvent(row: row))
            checkpoint = position
        }
        if let watch, watch.position <= checkpoint { self.watch = nil }
        if let gap = unresolvedGap, watch?.position != gap {
            watch = (gap, try Self.freshTransactionID(session))
        }
        return events
    }

    // An id drawn now is newer than any drawn before; rolling back costs no WAL flush.
    private static func freshTransactionID(_ session: Session) throws -> Int64 {
        let results = try session.pipeline([
            Statement("BEGIN"), Statement("SELECT pg_current_xact_id() AS id"), Statement("ROLLBACK"),
        ])
        return try results[1].get()[0].decode("id")
    }
}
