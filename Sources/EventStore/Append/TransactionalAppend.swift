import Foundation
public import Postgres

extension EventStore {
    /// Appends events to a stream inside the caller's open transaction on `connection`, so that they commit or
    /// roll back with the caller's other writes (a user's row and the event recording its change).
    ///
    /// The same `events_append` function as a group commit, for one command; subscribers are woken when the
    /// caller's transaction commits. Refuses like `append` (wrong expected version, reused command id).
    @discardableResult
    public static func append(
        to stream: String, expected: ExpectedVersion, events: [NewEvent], metadata: EventMetadata,
        inTransactionOn connection: Connection
    ) async throws -> AppendResult {
        let request = try AppendRequest(stream: stream, expected: expected, events: events, metadata: metadata)
        let expectedVersion: Int64 =
            switch expected {
            case .any: -1
            case .noStream: 0
            case .exact(let version): version
            }
        let rows = try await connection.query(
            """
            SELECT status, stream_version, positions
            FROM events_append($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                [stream], [expectedVersion], [metadata.commandID], [Int32(events.count)], events.map(\.type),
                request.canonicalData.map { Data($0) }, request.canonicalMetadata.map { Data($0) },
            ])
        guard let row = rows.first else { throw EventStoreError.malformedEvent("events_append answered nothing") }
        let version: Int64 = try row.decode("stream_version")
        let positions: [Int64] = try row.decode("positions")
        switch try row.decode("status", as: String.self) {
        case "appended":
            try await connection.query("SELECT pg_notify($1, '')", [notificationChannel])
            return AppendResult(streamVersion: version, positions: positions)
        case "duplicate":
            return AppendResult(streamVersion: version, positions: positions, isReplay: true)
        case "conflict":
            throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: version)
        default:
            throw EventStoreError.commandIDReused(stream: stream, commandID: metadata.commandID.uuidString)
        }
    }
}
