import Coding
import Postgres

/// Walks events in global order and checks every stream's hash chain; needs no database.
public struct ChainVerifier: Sendable {
    private var heads: [String: (version: Int64, hash: [UInt8])] = [:]
    /// How many events passed so far.
    public private(set) var eventsChecked = 0

    /// Starts with no streams seen.
    public init() {}

    /// Starts a stream's chain at `version` with `hash`, for a stream whose earlier events are not at hand
    /// (an export that starts after a checkpoint): what follows is checked against that anchor.
    public mutating func anchor(stream: String, version: Int64, hash: [UInt8]) {
        heads[stream] = (version, hash)
    }

    /// Whether the stream has been seen or anchored.
    public func knows(stream: String) -> Bool { heads[stream] != nil }

    /// How many streams were seen.
    public var streamsChecked: Int { heads.count }

    /// Checks the next event; returns why it is broken, or nil when it is intact.
    public mutating func check(_ event: RecordedEvent) -> BrokenEvent? {
        let previous = heads[event.streamID] ?? (0, EventHash.genesis)
        guard event.version == previous.version + 1 else {
            return BrokenEvent(
                event, reason: "version \(event.version) follows version \(previous.version) of its stream")
        }
        let data: JSONValue
        let metadata: JSONValue
        do {
            data = try JSONValue(parsing: event.data)
            metadata = try JSONValue(parsing: event.metadataJSON)
        } catch {
            return BrokenEvent(event, reason: "its data or metadata is not valid event JSON")
        }
        let expected = EventHash.compute(
            previous: previous.hash, streamID: event.streamID, version: event.version, type: event.type,
            data: data.canonicalBytes, metadata: metadata.canonicalBytes,
            recordedAtMicroseconds: event.recordedAtMicroseconds)
        guard expected == event.hash else {
            return BrokenEvent(event, reason: "its hash does not match its content and the previous hash")
        }
        heads[event.streamID] = (event.version, event.hash)
        eventsChecked += 1
        return nil
    }
}

/// The first event whose chain does not hold, and why.
public struct BrokenEvent: Sendable, Hashable, CustomStringConvertible {
    /// Its global position.
    public var position: Int64
    /// Its stream.
    public var streamID: String
    /// Its version in the stream.
    public var version: Int64
    /// What is wrong with it.
    public var reason: String

    init(_ event: RecordedEvent, reason: String) {
        self.position = event.position
        self.streamID = event.streamID
        self.version = event.version
        self.reason = reason
    }

    /// `position N (stream S, version V): reason`
    public var description: String { "position \(position) (stream \(streamID), version \(version)): \(reason)" }
}

/// What a verification found.
public struct VerificationReport: Sendable, Hashable {
    /// Events whose hash held.
    public var eventsChecked: Int
    /// Streams seen.
    public var streamsChecked: Int
    /// The first broken event, or nil when every chain holds.
    public var firstBroken: BrokenEvent?
    /// The first position checked, 0 when none was.
    public var firstPosition: Int64 = 0
    /// The last position checked, 0 when none was.
    public var lastPosition: Int64 = 0

    /// What was checked, for a person: `22 events in 2 streams, positions 1 to 22`.
    public var summary: String {
        let events = "\(eventsChecked) event\(eventsChecked == 1 ? "" : "s")"
        let streams = "\(streamsChecked) stream\(streamsChecked == 1 ? "" : "s")"
        return eventsChecked == 0
            ? "no events" : "\(events) in \(streams), positions \(firstPosition) to \(lastPosition)"
    }
}

extension EventStore {
    /// Recomputes every hash of one stream, or of the whole log in global order, and stops at the first broken
    /// event. The whole log is read through its tail (`LogTail`), up to the head as it was at the start; one
    /// stream in version order. Neither holds back any other reader or writer.
    public func verify(stream: String? = nil, batchSize: Int = 5_000) async throws -> VerificationReport {
        try await pool.withConnection { connection in
            var verifier = ChainVerifier()
            var (first, last): (Int64, Int64) = (0, 0)
            func report(_ broken: BrokenEvent?) -> VerificationReport {
                VerificationReport(
                    eventsChecked: verifier.eventsChecked, streamsChecked: verifier.streamsChecked,
                    firstBroken: broken, firstPosition: first, lastPosition: last)
            }
            func check(_ events: [RecordedEvent]) -> BrokenEvent? {
                for event in events {
                    if let broken = verifier.check(event) { return broken }
                    if first == 0 { first = event.position }
                    last = max(last, event.position)
                }
                return nil
            }
            guard let stream else {
                for try await batch in LogTail(on: connection, after: 0, until: .head, batchSize: batchSize) {
                    if let broken = check(batch) { return report(broken) }
                }
                return report(nil)
            }
            var after: Int64 = 0
            while true {
                let rows = try await connection.query(
                    "SELECT \(RecordedEvent.columns) FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version LIMIT $3",
                    [stream, after, batchSize])
                let events = try rows.map(RecordedEvent.init(row:))
                if let broken = check(events) { return report(broken) }
                guard let next = events.last?.version, events.count == batchSize else { return report(nil) }
                after = next
            }
        }
    }
}
