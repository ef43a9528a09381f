import Foundation
import Postgres

/// Commits the appends of several commands in one transaction, each command still succeeding or failing alone.
///
/// `events_append` (migrations/functions/events_append.sql) locks every stream of the group (transaction-level
/// advisory locks, in key order so two groups cannot deadlock), checks each command against its own expected
/// version and command id, chains and inserts the events of those that pass, and answers for each. One statement and one commit, and so
/// one round trip and one WAL flush, serve the whole group: that is where the speed comes from.
enum GroupCommit {

    /// Commits `requests`, none waiting longer than `lockTimeout` for a lock another transaction holds: a
    /// command whose stream is held fails alone with `EventStoreError.streamHeld`, its neighbours commit.
    static func commit(
        _ requests: [AppendRequest], on session: Session, lockTimeout: Duration, attempt: Int = 1
    ) -> [Result<AppendResult, any Error>] {
        do {
            return try commitTogether(requests, on: session, lockTimeout: lockTimeout)
        } catch let error as PostgresError where requests.count == 1 && error.isUniqueViolation && attempt < 20 {
            // A lone command takes no lock; another writer got the same version in first. Looking again turns
            // that into the command's true outcome: a conflict, a duplicate, or (for .any) an append.
            return commit(requests, on: session, lockTimeout: lockTimeout, attempt: attempt + 1)
        } catch let error as PostgresError where requests.count == 1 && error.sqlState == .lockNotAvailable {
            return [.failure(EventStoreError.streamHeld(stream: requests[0].stream, waited: lockTimeout))]
        } catch {
            // A failure of the whole transaction (not of one command's checks) must not fail its neighbours:
            // each command gets its own transaction and its own outcome.
            guard requests.count > 1, !((error as? PostgresError)?.isConnectionLost ?? false) else {
                return requests.map { _ in .failure(error) }
            }
            // A stream found held is held for every command of the group on it: trying each would wait the lock
            // timeout again for each, one after another, and the free commands after them would wait for all.
            var held: Set<String> = []
            if let error = error as? HeldInGroup { held.insert(error.stream) }
            return requests.map { request in
                if held.contains(request.stream) {
                    return .failure(EventStoreError.streamHeld(stream: request.stream, waited: lockTimeout))
                }
                let result = commit([request], on: session, lockTimeout: lockTimeout)[0]
                if case .failure(EventStoreError.streamHeld) = result { held.insert(request.stream) }
                return result
            }
        }
    }

    /// The statement of a group's command on `stream` gave up waiting for a lock, so that stream is held.
    private struct HeldInGroup: Error {
        let stream: String
    }

    /// One command with one event, the most common append, in one plain SQL statement: it reads the stream's head
    /// and whether the command id was seen, and inserts the chained event only when the expected version holds.
    /// It takes no lock; the unique `(stream_id, version)` index arbitrates (see `commit`). The head comes from
    /// `events_stream_head` (migrations/functions/), as in `events_append`, which PostgreSQL inlines here: the
    /// plan is the index probe the look-up had when it was written out in this statement.
    static let loneEvent = """
        WITH head AS (
            SELECT coalesce(h.version, 0) AS version, h.hash,
                   EXISTS (SELECT FROM events e WHERE e.stream_id = $1 AND e.command_id = $3) AS seen
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL events_stream_head($1) AS h ON true
        ), inserted AS (
            INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
            SELECT $1, h.version + 1, $4, convert_from($5, 'UTF8')::jsonb, convert_from($6, 'UTF8')::jsonb, $3, now(),
                   events_hash(h.hash, $1, h.version + 1, $4, $5, $6, events_microseconds(now()))
            FROM head AS h
            WHERE NOT h.seen AND ($2::int8 = -1 OR h.version = $2::int8)
            RETURNING events.position, events.version
        )
        SELECT h.version AS head, h.seen, i.position, i.version FROM head AS h LEFT JOIN inserted AS i ON true
        """

    /// The statement that bounds how long the implicit transaction of a pipeline waits for a lock: it holds
    /// until the pipeline's next sync point.
    private static func lockTimeout(_ limit: Duration) throws -> Statement {
        let milliseconds = max(
            1, limit.components.seconds * 1_000 + limit.components.attoseconds / 1_000_000_000_000_000)
        return try Statement("SELECT set_config('lock_timeout', $1, true)", ["\(milliseconds)ms"], prepared: true)
    }

    /// The most one-event commands a group sends as that many `loneEvent` statements in one transaction rather
    /// than one `events_append` call: below it, the function's locks and array work cost more than the statements
    /// it saves (a group of two took 1.3 ms through it, against 0.3 ms for a lone statement, which left 4 writers
    /// slower than 2).
    static let maxLoneEventGroup = 4

    /// Commits one-event commands as `loneEvent` statements in one transaction. A command whose id the log
    /// already holds gets nil (a retry: the general path answers it); a unique violation fails the whole group.
    private static func commitLoneEvents(
        _ requests: [AppendRequest], on session: Session, lockTimeout limit: Duration
    ) throws -> [Result<AppendResult, any Error>?] {
        let statements = try requests.map { request in
            try Statement(
                loneEvent,
                [
                    request.stream, request.expected.parameter, request.metadata.commandID, request.events[0].type,
                    Data(request.canonicalData[0]), Data(request.canonicalMetadata[0]),
                ], prepared: true)
        }
        let results = try session.pipeline(
            [try lockTimeout(limit)] + statements + [
                .sync,
                Statement(
                    "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')",
                    [EventStore.notificationChannel], prepared: true),
            ])
        _ = try results[0].get()
        // The first failure is the statement's own; those after it only report that they were skipped. (A lone
        // command's lock timeout stays a PostgresError, which `commit` answers as a held stream.)
        if requests.count > 1, let failed = zip(requests, results[1...]).first(where: { (try? $0.1.get()) == nil }),
            case .failure(let error) = failed.1, error.sqlState == .lockNotAvailable
        {
            throw HeldInGroup(stream: failed.0.stream)
        }
        return try zip(requests, results[1...]).map { request, result in
            let row = try result.get()[0]
            if try row.decode("seen", as: Bool.self) { return nil }
            if let position = try row.decode("position", as: Int64?.self) {
                return .success(AppendResult(streamVersion: try row.decode("version"), positions: [position]))
            }
            return .failure(
                EventStoreError.wrongExpectedVersion(
                    stream: request.stream, expected: request.expected, actual: try row.decode("head")))
        }
    }

    private static func commitTogether(
        _ requests: [AppendRequest], on session: Session, lockTimeout limit: Duration
    ) throws -> [Result<AppendResult, any Error>] {
        if requests.count <= maxLoneEventGroup, requests.allSatisfy({ $0.events.count == 1 }) {
            let outcomes = try commitLoneEvents(requests, on: session, lockTimeout: limit)
            // The others are committed; a retried command is answered from the log by the general path.
            return try zip(requests, outcomes).map { request, outcome in
                try outcome ?? commitGroup([request], on: session, lockTimeout: limit)[0]
            }
        }
        return try commitGroup(requests, on: session, lockTimeout: limit)
    }

    private static func commitGroup(
        _ requests: [AppendRequest], on session: Session, lockTimeout limit: Duration
    ) throws -> [Result<AppendResult, any Error>] {
        var types: [String] = []
        var data: [Data] = []
        var metadata: [Data] = []
        for request in requests {
            types += request.events.map(\.type)
            data += request.canonicalData.map { Data($0) }
            metadata += request.canonicalMetadata.map { Data($0) }
        }
        let results = try session.pipeline([
            // Outside BEGIN and COMMIT, the call is a transaction of its own that commits at the sync point.
            try lockTimeout(limit),
            Statement(
                """
                SELECT command_index, status, stream_version, positions
                FROM events_append($1, $2, $3, $4, $5, $6, $7) ORDER BY command_index
                """,
                [
                    requests.map(\.stream), requests.map(\.expected.parameter), requests.map(\.metadata.commandID),
                    requests.map { Int32($0.events.count) }, types, data, metadata,
                ], prepared: true),
            .sync,
            // The wake-up call is a transaction of its own that does not wait for its WAL flush: NOTIFY takes a
            // transaction id, so inside the append it would serialize commits, and with a synchronous commit it
            // would cost a second flush. A notification lost in a crash only delays subscribers until they poll.
            Statement(
                "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')",
                [EventStore.notificationChannel], prepared: true),
        ])
        _ = try results[0].get()
        let rows = try results[1].get()
        guard rows.count == requests.count else {
            throw EventStoreError.malformedEvent("events_append answered \(rows.count) of \(requests.count) commands")
        }
        return try zip(requests, rows).map { request, row in
            let version: Int64 = try row.decode("stream_version")
            let positions: [Int64] = try row.decode("positions")
            let commandID = request.metadata.commandID.uuidString.lowercased()
            switch try row.decode("status", as: String.self) {
            case "appended":
                return .success(AppendResult(streamVersion: version, positions: positions))
            case "duplicate":
                return .success(AppendResult(streamVersion: version, positions: positions, isReplay: true))
            case "conflict":
                return .failure(
                    EventStoreError.wrongExpectedVersion(
                        stream: request.stream, expected: request.expected, actual: version))
            default:
                return .failure(EventStoreError.commandIDReused(stream: request.stream, commandID: commandID))
            }
        }
    }
}

extension ExpectedVersion {
    /// As the append statements take it: -1 for any version, 0 for no stream yet, else the version.
    fileprivate var parameter: Int64 {
        switch self {
        case .any: -1
        case .noStream: 0
        case .exact(let version): version
        }
    }
}
