public import Foundation
import Postgres

/// Where one subscriber's webhooks go, as `galley subscribers endpoint list` shows it (never its secret).
public struct WebhookEndpoint: Sendable, Hashable {
    /// Its id, such as `ep_3f9a...`, which the other endpoint commands take.
    public var id: String
    /// The subscriber it belongs to.
    public var subscriber: String
    /// The URL webhooks are posted to.
    public var url: String
    /// Whether it receives webhooks.
    public var enabled: Bool
    /// Why it was disabled (by an admin, a 410, or a delivery that failed every attempt).
    public var disabledReason: String?
    /// When it was disabled.
    public var disabledAt: Date?
    /// Until when the secret before the last rotation still signs too; nil when no rotation is under way.
    public var previousSecretUntil: Date?
    /// When it was added.
    public var createdAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        subscriber = try row.decode("subscriber")
        url = try row.decode("url")
        enabled = try row.decode("enabled")
        disabledReason = try row.decode("disabled_reason")
        disabledAt = try row.decode("disabled_at")
        previousSecretUntil = try row.decode("previous_until")
        createdAt = try row.decode("created_at")
    }

    /// The columns `init(row:)` reads.
    static let columns = "id, subscriber, url, enabled, disabled_reason, disabled_at, previous_until, created_at"
}
