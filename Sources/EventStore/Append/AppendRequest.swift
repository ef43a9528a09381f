import Coding
import Foundation

/// One command's events for one stream, checked and encoded before it joins a group commit.
struct AppendRequest: Sendable {
    let stream: String
    let expected: ExpectedVersion
    let events: [NewEvent]
    let metadata: EventMetadata
    let canonicalData: [[UInt8]]
    let canonicalMetadata: [[UInt8]]

    static let maxStreamLength = 200
    static let maxEvents = 10_000

    init(stream: String, expected: ExpectedVersion, events: [NewEvent], metadata: EventMetadata) throws {
        guard !stream.isEmpty, stream.count <= Self.maxStreamLength, !stream.utf8.contains(0) else {
            throw EventStoreError.invalidAppend("a stream id has 1 to \(Self.maxStreamLength) characters and no NUL")
        }
        guard !events.isEmpty, events.count <= Self.maxEvents else {
            throw EventStoreError.invalidAppend("an append carries 1 to \(Self.maxEvents) events, not \(events.count)")
        }
        for event in events {
            guard !event.type.isEmpty, event.type.count <= 200, !event.type.utf8.contains(0) else {
                throw EventStoreError.invalidAppend("an event type has 1 to 200 characters and no NUL")
            }
            guard !event.data.containsNUL else {
                throw EventStoreError.invalidAppend("event data cannot hold the character U+0000")
            }
        }
        guard !metadata.actor.isEmpty, !metadata.actor.utf8.contains(0) else {
            throw EventStoreError.invalidAppend("the actor is required")
        }
        if case .exact(let version) = expected, version < 1 {
            throw EventStoreError.invalidAppend(
                "an exact expected version is 1 or more; use .noStream for a new stream")
        }
        self.stream = stream
        self.expected = expected
        self.events = events
        self.metadata = metadata
        self.canonicalData = events.map(\.data.canonicalBytes)
        self.canonicalMetadata = events.map { metadata.json(schemaVersion: $0.schemaVersion).canonicalBytes }
    }
}

/// What an append wrote: the stream's new version and each event's global position.
public struct AppendResult: Sendable, Hashable {
    /// The stream's version after the append (the version of its last event).
    public var streamVersion: Int64
    /// The global positions of the appended events, in order.
    public var positions: [Int64]
    /// True when the command id had already appended these events and nothing new was written.
    public var isReplay: Bool

    /// Creates a result.
    public init(streamVersion: Int64, positions: [Int64], isReplay: Bool = false) {
        self.streamVersion = streamVersion
        self.positions = positions
        self.isReplay = isReplay
    }
}

extension JSONValue {
    var containsNUL: Bool {
        switch self {
        case .string(let value): return value.utf8.contains(0)
        case .array(let elements): return elements.contains { $0.containsNUL }
        case .object(let members): return members.contains { $0.key.utf8.contains(0) || $0.value.containsNUL }
        case .null, .bool, .int: return false
        }
    }
}
