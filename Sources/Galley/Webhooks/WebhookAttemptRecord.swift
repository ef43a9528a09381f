public import Foundation
import Postgres

/// One attempt of the delivery log (`galley subscribers deliveries NAME`).
public struct WebhookAttemptRecord: Sendable, Hashable {
    /// When it was made.
    public var at: Date
    /// The endpoint it went to.
    public var endpoint: String
    /// The webhook-id, the same for every attempt of the event: what `--redeliver` takes.
    public var messageID: String
    /// The webhook event type.
    public var type: String
    /// The story.
    public var story: String
    /// Which attempt of the delivery (1 is the first).
    public var attempt: Int
    /// The HTTP status the endpoint answered; nil when no answer came (refused, timed out).
    public var status: Int?
    /// How long the attempt took.
    public var latencyMilliseconds: Int
    /// What went wrong, if anything.
    public var error: String?
    /// Where the delivery stands now: pending, delivered, failed or canceled.
    public var state: String

    init(row: Row) throws {
        at = try row.decode("at")
        endpoint = try row.decode("endpoint_id")
        messageID = try row.decode("message_id")
        type = try row.decode("type")
        story = try row.decode("story_id")
        attempt = Int(try row.decode("attempt", as: Int32.self))
        status = try row.decode("status", as: Int32?.self).map(Int.init)
        latencyMilliseconds = Int(try row.decode("latency_ms", as: Int32.self))
        error = try row.decode("error")
        state = try row.decode("state")
    }
}
