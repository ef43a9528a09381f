/// How webhooks are delivered: the same for `galley serve` and `galley deliver`.
public struct WebhookSettings: Sendable {
    /// When failed deliveries are tried again.
    public var schedule = RetrySchedule.standard
    /// How long an attempt may take before it counts as failed.
    public var timeout: Duration = .seconds(15)
    /// How many deliveries (each of another story) go to one endpoint at once.
    public var concurrency = 4
    /// Which addresses endpoints may have.
    public var address = WebhookAddress()
    /// The public site's base address, for the address of an item too large to send.
    public var baseURL: String?
    /// How often the sender looks for due deliveries when nothing wakes it (retries and embargoes fall due by
    /// the clock, not by a notification).
    public var pollInterval: Duration = .seconds(1)

    /// Database connections the senders share.
    public var connections = 6

    /// The defaults: Standard Webhooks' schedule, 15 s, 4 at once, public addresses only.
    public init() {}
}
