import Foundation
import Postgres

/// Commits the appends of several commands in one transaction, each command still succeeding or failing alone.
///
/// Every stream in the group is locked (a transaction-level advisory lock, taken in key order so two groups
/// cannot deadlock), the streams' heads are read, and then each command is checked against its own expected
/// version and command id. Only commands that pass are inserted; the rest get their own error. One commit, and
/// so one WAL flush, serves the whole group: that is where the throughput comes from.
enum GroupCommit {
    /// The advisory lock namespace for streams ("GALL").
    static let streamLockNamespace: Int32 = 0x4741_4C4C
    /// Listeners on this channel hear of every commit that appended events.
    static let channel = "galley_events"

    static func commit(_ requests: [AppendRequest], on session: Session) -> [Result<AppendResult, any Error>] {
        do {
            return try commitTogether(requests, on: session)
        } catch {
            // A failure of the whole transaction (not of one command's checks) must not fail its neighbours:
            // each command gets its own transaction and its own outcome.
            guard requests.count > 1, !((error as? PostgresError)?.isConnectionLost ?? false) else {
                return requests.map { _ in .failure(error) }
            }
            return requests.flatMap { commit([$0], on: session) }
        }
    }

    private struct Head {
        var version: Int64
        var hash: [UInt8]
    }

    private static func commitTogether(
        _ requests: [AppendRequest], on session: Session
    ) throws -> [Result<AppendResult, any Error>] {
        let streams = Array(Set(requests.map(\.stream)))
        let commandStreams = requests.map(\.stream)
        let commandIDs = requests.map(\.metadata.commandID)
        let prelude = try session.pipeline([
            Statement("BEGIN"),
            // Planning these small statements costs more than running them; their generic plans are as good.
            Statement("SET LOCAL plan_cache_mode TO force_generic_plan"),
            Statement(
                """
                SELECT count(pg_advisory_xact_lock($1, key)) AS locked
                FROM (SELECT DISTINCT hashtext(stream) AS key FROM unnest($2::text[]) AS stream ORDER BY 1) AS keys
                """, [streamLockNamespace, streams], prepared: true),
            Statement(
                """
                SELECT s.stream_id, h.version, h.hash, now() AS now
                FROM unnest($1::text[]) AS s(stream_id)
                LEFT JOIN LATERAL (
                    SELECT version, hash FROM events e WHERE e.stream_id = s.stream_id ORDER BY version DESC LIMIT 1
                ) AS h ON true
                """, [streams], prepared: true),
            Statement(
                """
                SELECT e.stream_id, e.command_id, e.version, e.position, e.type, e.data
                FROM events e
                JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::uuid[])) AS c(stream_id, command_id)
                  ON e.stream_id = c.stream_id AND e.command_id = c.command_id
                ORDER BY e.stream_id, e.version
                """, [commandStreams, commandIDs], prepared: true),
        ])
        let heads = try prelude[3].get()
        let stored = try prelude[4].get()

        var head: [String: Head] = [:]
        var now = PostgresTimestamp(microsecondsSinceUnixEpoch: 0)
        for row in heads {
            now = try row.decode("now")
            let version: Int64? = try row.decode("version")
            let hash: Data? = try row.decode("hash")
            head[try row.decode("stream_id")] = Head(
                version: version ?? 0, hash: hash.map { Array($0) } ?? EventHash.genesis)
        }
        struct Earlier {
            var versions: [Int64] = []
            var positions: [Int64] = []
            var events: [(type: String, data: [UInt8])] = []
        }
        var earlier: [String: Earlier] = [:]  // by stream + command id
        for row in stored {
            let key =
                try (row.decode("stream_id", as: String.self)) + "/"
                + (row.decode("command_id", as: UUID.self)).uuidString
            earlier[key, default: Earlier()].versions.append(try row.decode("version"))
            earlier[key, default: Earlier()].positions.append(try row.decode("position"))
            let data = try JSONValue(parsing: try row.decode("data", as: String.self)).canonicalBytes
            earlier[key, default: Earlier()].events.append((try row.decode("type"), data))
        }

        var outcomes: [Result<AppendResult, any Error>?] = Array(repeating: nil, count: requests.count)
        var rows = InsertRows()
        var accepted: [(request: Int, first: Int, count: Int)] = []
        var inBatch: [String: Int] = [:]  // stream + command id -> request index appended in this group
        var twins: [(request: Int, original: Int)] = []  // a retry that arrived in the same group as its original
        for (index, request) in requests.enumerated() {
            let key = request.stream + "/" + request.metadata.commandID.uuidString
            if let previous = earlier[key] {
                outcomes[index] =
                    request.matches(previous.events)
                    ? .success(
                        AppendResult(
                            streamVersion: previous.versions.last!, positions: previous.positions,
                            wasAlreadyAppended: true))
                    : .failure(
                        EventStoreError.commandIDReused(
                            stream: request.stream, commandID: request.metadata.commandID.uuidString.lowercased()))
                continue
            }
            if let original = inBatch[key] {
                if requests[original].events == request.events {
                    twins.append((index, original))
                } else {
                    outcomes[index] = .failure(
                        EventStoreError.commandIDReused(
                            stream: request.stream, commandID: request.metadata.commandID.uuidString.lowercased()))
                }
                continue
            }
            let current = head[request.stream]!
            let matches: Bool
            switch request.expected {
            case .any: matches = true
            case .noStream: matches = current.version == 0
            case .exact(let version): matches = current.version == version
            }
            guard matches else {
                outcomes[index] = .failure(
                    EventStoreError.wrongExpectedVersion(
                        stream: request.stream, expected: request.expected, actual: current.version))
                continue
            }
            var hash = current.hash
            var version = current.version
            let first = rows.count
            for (offset, event) in request.events.enumerated() {
                version += 1
                hash = EventHash.compute(
                    previous: hash, streamID: request.stream, version: version, type: event.type,
                    data: request.canonicalData[offset], metadata: request.canonicalMetadata[offset],
                    recordedAtMicroseconds: now.microsecondsSinceUnixEpoch)
                rows.append(request: request, offset: offset, version: version, hash: hash)
            }
            head[request.stream] = Head(version: version, hash: hash)
            inBatch[key] = index
            accepted.append((index, first, request.events.count))
        }

        guard !rows.isEmpty else {
            try session.execute("ROLLBACK")
            return outcomes.map { $0! }
        }
        let results = try session.pipeline([
            Statement(
                """
                INSERT INTO events (stream_id, version, type, data, metadata, command_id, recorded_at, hash)
                SELECT s, v, t, d, m, c, $7, h
                FROM unnest($1::text[], $2::int8[], $3::text[], $4::jsonb[], $5::jsonb[], $6::uuid[], $8::bytea[])
                    AS x(s, v, t, d, m, c, h)
                RETURNING position, stream_id, version
                """,
                [rows.streams, rows.versions, rows.types, rows.data, rows.metadata, rows.commandIDs, now, rows.hashes],
                prepared: true),
            Statement("COMMIT"),
            // The wake-up call goes in a transaction of its own that does not wait for its WAL flush: NOTIFY
            // takes a transaction id, so inside the append it would serialize commits, and synchronously it
            // would cost a second flush. A notification lost in a crash only delays subscribers until they poll.
            Statement("BEGIN"),
            Statement("SET LOCAL synchronous_commit TO off"),
            Statement("SELECT pg_notify($1, '')", [channel]),
            Statement("COMMIT"),
        ])
        let inserted = try results[0].get()
        _ = try results[1].get()
        var positionByRow = [Int64](repeating: 0, count: rows.count)
        var rowIndex: [String: Int] = [:]
        for index in 0..<rows.count { rowIndex["\(rows.versions[index])/\(rows.streams[index])"] = index }
        for row in inserted {
            let key = "\(try row.decode("version", as: Int64.self))/\(try row.decode("stream_id", as: String.self))"
            positionByRow[rowIndex[key]!] = try row.decode("position")
        }
        for (request, first, count) in accepted {
            outcomes[request] = .success(
                AppendResult(
                    streamVersion: rows.versions[first + count - 1],
                    positions: Array(positionByRow[first..<first + count])))
        }
        for (request, original) in twins {
            if case .success(var result)? = outcomes[original] {
                result.wasAlreadyAppended = true
                outcomes[request] = .success(result)
            }
        }
        return outcomes.map { $0! }
    }
}

/// Column arrays for one multi-row INSERT through `unnest`.
private struct InsertRows {
    var streams: [String] = []
    var versions: [Int64] = []
    var types: [String] = []
    var data: [PostgresJSON] = []
    var metadata: [PostgresJSON] = []
    var commandIDs: [UUID] = []
    var hashes: [Data] = []

    var count: Int { streams.count }
    var isEmpty: Bool { streams.isEmpty }

    mutating func append(request: AppendRequest, offset: Int, version: Int64, hash: [UInt8]) {
        streams.append(request.stream)
        versions.append(version)
        types.append(request.events[offset].type)
        data.append(PostgresJSON(String(decoding: request.canonicalData[offset], as: UTF8.self)))
        metadata.append(PostgresJSON(String(decoding: request.canonicalMetadata[offset], as: UTF8.self)))
        commandIDs.append(request.metadata.commandID)
        hashes.append(Data(hash))
    }
}
