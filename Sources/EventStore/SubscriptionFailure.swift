public import Foundation
public import Postgres

/// An event a subscription's handler could not apply: its stream is passed over from then on.
public struct SubscriptionFailure: Sendable, Hashable, CustomStringConvertible {
    /// The event's global position.
    public var position: Int64
    /// The event's stream.
    public var streamID: String
    /// The event's type.
    public var type: String
    /// What the handler said.
    public var message: String
    /// When it failed.
    public var at: Date

    /// Describes a failure.
    public init(position: Int64, streamID: String, type: String, message: String, at: Date) {
        self.position = position
        self.streamID = streamID
        self.type = type
        self.message = message
        self.at = at
    }

    /// Reads a `subscription_failures` row.
    public init(row: Row) throws {
        self.init(
            position: try row.decode("position"), streamID: try row.decode("stream_id"),
            type: try row.decode("type"), message: try row.decode("failure"), at: try row.decode("failed_at"))
    }

    /// The event and the error, for a log line or a status.
    public var description: String { "event \(position) (\(type) of \(streamID)): \(message)" }
}
