import Foundation
import Galley

/// A partner's webhooks, for admins: its endpoints with their state (and why one was disabled), and the delivery
/// log, newest attempt first, each event with a form that sends it again. Endpoints are added, rotated and
/// removed with `galley subscribers endpoint`, whose secrets are shown on a terminal only.
struct WebhooksPage {
    /// One endpoint as the page lists it.
    struct Endpoint {
        var id: String
        var url: String
        var state: String
    }

    /// One attempt of the delivery log.
    struct Attempt {
        var at: String
        var endpoint: String
        var message: String
        var type: String
        var story: String
        var attempt: Int
        var status: String
        var latency: String
        var error: String?
        var state: String
    }

    var frame: Frame
    var subscriber: String
    var endpoints: [Endpoint]
    var attempts: [Attempt]
    var hasEndpoints: Bool { !endpoints.isEmpty }
    var hasAttempts: Bool { !attempts.isEmpty }

    init(
        frame: Frame, subscriber: String, endpoints: [WebhookEndpoint], attempts: [WebhookAttemptRecord], time: WebTime
    ) {
        self.frame = frame
        self.subscriber = subscriber
        self.endpoints = endpoints.map { endpoint in
            Endpoint(
                id: endpoint.id, url: endpoint.url,
                state: endpoint.enabled ? "active" : "disabled" + (endpoint.disabledReason.map { ": " + $0 } ?? ""))
        }
        self.attempts = attempts.map { record in
            Attempt(
                at: time.format(record.at), endpoint: record.endpoint, message: record.messageID, type: record.type,
                story: record.story, attempt: record.attempt, status: record.status.map(String.init) ?? "no answer",
                latency: "\(record.latencyMilliseconds) ms", error: record.error, state: record.state)
        }
    }
}

extension WebhooksPage: WebPageView {
    static let template = "webhooks"

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "frame": { $0.frame },
        "subscriber": { $0.subscriber },
        "endpoints": { $0.endpoints },
        "attempts": { $0.attempts },
        "hasEndpoints": { $0.hasEndpoints },
        "hasAttempts": { $0.hasAttempts },
    ]
}

extension WebhooksPage.Endpoint: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "url": { $0.url },
        "state": { $0.state },
    ]
}

extension WebhooksPage.Attempt: TemplateView {
    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "at": { $0.at },
        "endpoint": { $0.endpoint },
        "message": { $0.message },
        "type": { $0.type },
        "story": { $0.story },
        "attempt": { $0.attempt },
        "status": { $0.status },
        "latency": { $0.latency },
        "error": { $0.error },
        "state": { $0.state },
    ]
}
