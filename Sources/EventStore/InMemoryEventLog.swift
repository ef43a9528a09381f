public import Foundation
import Synchronization

/// A log held in memory with the promises `EventStore` keeps: expected versions, one order without gaps,
/// answering a command id a second time as the first, and each event chained to its stream's previous one by
/// the same recipe (`EventHash`), so that `ChainVerifier` checks its events as it checks the database's.
///
/// For tests of what sits on a log; it keeps nothing across processes.
public final class InMemoryEventLog: StreamLog {
    private let events = Mutex([RecordedEvent]())

    /// An empty log.
    public init() {}

    /// Appends as `EventStore.append` does: checked, at the expected version, a command id answered once.
    @discardableResult
    public func append(to stream: String, expected: ExpectedVersion, events new: [NewEvent], metadata: EventMetadata)
        async throws -> AppendResult
    {
        // The same checks of the request as the database's appends make.
        let request = try AppendRequest(stream: stream, expected: expected, events: new, metadata: metadata)
        return try events.withLock { log in
            let existing = log.filter { $0.streamID == stream }
            let earlier = existing.filter { $0.commandID == metadata.commandID }
            if !earlier.isEmpty {
                let same =
                    earlier.map(\.type) == new.map(\.type)
                    && earlier.map(\.data) == request.canonicalData.map { String(decoding: $0, as: UTF8.self) }
                guard same else {
                    throw EventStoreError.commandIDReused(
                        stream: stream, commandID: metadata.commandID.uuidString.lowercased())
                }
                return AppendResult(
                    streamVersion: earlier.last!.version, positions: earlier.map(\.position), isReplay: true)
            }
            let version = existing.last?.version ?? 0
            let holds =
                switch expected {
                case .any: true
                case .noStream: version == 0
                case .exact(let wanted): version == wanted
                }
            guard holds else {
                throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: version)
            }
            let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
            var previous = existing.last?.hash ?? EventHash.genesis
            var positions: [Int64] = []
            for (index, event) in new.enumerated() {
                let hash = EventHash.compute(
                    previous: previous, streamID: stream, version: version + Int64(index) + 1, type: event.type,
                    data: request.canonicalData[index], metadata: request.canonicalMetadata[index],
                    recordedAtMicroseconds: now)
                let recorded = RecordedEvent(
                    position: Int64(log.count) + 1, streamID: stream, version: version + Int64(index) + 1,
                    type: event.type, data: String(decoding: request.canonicalData[index], as: UTF8.self),
                    metadataJSON: String(decoding: request.canonicalMetadata[index], as: UTF8.self),
                    commandID: metadata.commandID, recordedAtMicroseconds: now, hash: hash)
                log.append(recorded)
                positions.append(recorded.position)
                previous = hash
            }
            return AppendResult(streamVersion: version + Int64(new.count), positions: positions)
        }
    }

    /// The stream's events after `version`, with any earlier ones `commandID` appended.
    public func readStream(_ stream: String, after version: Int64, orAppendedBy commandID: UUID) async throws
        -> [RecordedEvent]
    {
        events.withLock { log in
            log.filter { $0.streamID == stream && ($0.version > version || $0.commandID == commandID) }
        }
    }

    /// Every event, in the log's order.
    public var all: [RecordedEvent] { events.withLock { $0 } }
}
