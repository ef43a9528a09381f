import ArgumentParser
import Galley

/// How webhooks are delivered, shared by `galley serve` and `galley deliver`.
struct WebhookOptions: ParsableArguments {
    @Flag(
        help: "Let endpoints have loopback, link-local and private addresses (a receiver on this host, tests).")
    var webhooksAllowPrivate = false

    @Option(help: ArgumentHelp("Seconds a webhook attempt may take before it counts as failed.", valueName: "SECONDS"))
    var webhookTimeout = 15.0

    @Option(
        help: ArgumentHelp(
            "Seconds before each retry of a failed webhook, separated by commas; the last attempt is one more "
                + "than their count (default: Standard Webhooks' 5,300,1800,7200,18000,36000,36000).",
            valueName: "SECONDS,..."))
    var webhookRetryDelays: String?

    @Option(help: ArgumentHelp("Webhooks sent to one endpoint at once, each of another story.", valueName: "N"))
    var webhookConcurrency = 4

    func validate() throws {
        guard webhookTimeout > 0, webhookTimeout.isFinite else {
            throw ValidationError("--webhook-timeout is more than 0")
        }
        if let webhookRetryDelays, RetrySchedule(seconds: webhookRetryDelays) == nil {
            throw ValidationError("--webhook-retry-delays takes seconds separated by commas, such as 5,300,1800")
        }
        guard webhookConcurrency >= 1 else { throw ValidationError("--webhook-concurrency is at least 1") }
    }

    /// The settings these options give, with the public site's base address.
    func settings(baseURL: String?) -> WebhookSettings {
        var settings = WebhookSettings()
        settings.address = WebhookAddress(allowsPrivate: webhooksAllowPrivate)
        settings.timeout = .milliseconds(Int64(webhookTimeout * 1_000))
        if let schedule = webhookRetryDelays.flatMap({ RetrySchedule(seconds: $0) }) { settings.schedule = schedule }
        settings.concurrency = webhookConcurrency
        settings.baseURL = baseURL
        return settings
    }
}
