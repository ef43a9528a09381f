public import Coding
public import Foundation

/// An event as the log holds it.
public struct RecordedEvent: Sendable, Hashable {
    /// The event's place in the global log.
    public var position: Int64
    /// The stream it belongs to.
    public var streamID: String
    /// Its version within the stream, from 1.
    public var version: Int64
    /// Its stable type name.
    public var type: String
    /// Its data as stored (jsonb text).
    public var data: String
    /// Its metadata as stored (jsonb text).
    public var metadataJSON: String
    /// The id of the command that appended it (also in the metadata; this copy needs no parsing).
    public var commandID: UUID?
    /// The database's clock when it was appended, in microseconds since 1970-01-01 UTC.
    public var recordedAtMicroseconds: Int64
    /// The SHA-256 chaining it to the previous event of its stream.
    public var hash: [UInt8]

    /// Creates an event as read from the log or from an export of it.
    public init(
        position: Int64, streamID: String, version: Int64, type: String, data: String, metadataJSON: String,
        commandID: UUID?, recordedAtMicroseconds: Int64, hash: [UInt8]
    ) {
        self.position = position
        self.streamID = streamID
        self.version = version
        self.type = type
        self.data = data
        self.metadataJSON = metadataJSON
        self.commandID = commandID
        self.recordedAtMicroseconds = recordedAtMicroseconds
        self.hash = hash
    }

    /// The recording time as a `Date`.
    public var recordedAt: Date { Date(timeIntervalSince1970: Double(recordedAtMicroseconds) / 1_000_000) }

    /// The data parsed as JSON.
    public func dataValue() throws -> JSONValue { try JSONValue(parsing: data) }

    /// Actor, command, correlation and causation ids.
    public func metadata() throws -> EventMetadata { try EventMetadata(json: try JSONValue(parsing: metadataJSON)) }

    /// Who appended it: the metadata's actor, read without building the whole `EventMetadata`.
    public func actor() throws -> String {
        guard case .string(let actor)? = try JSONParser.member("actor", of: metadataJSON) else {
            throw EventStoreError.malformedEvent("metadata lacks an actor: \(metadataJSON)")
        }
        return actor
    }

    /// The version of the data's schema.
    public func schemaVersion() throws -> Int {
        guard case .int(let version)? = try JSONValue(parsing: metadataJSON)["schema_version"] else { return 1 }
        return Int(version)
    }

    /// The hash as lowercase hex.
    public var hashHex: String { Hex.encode(hash) }
}
