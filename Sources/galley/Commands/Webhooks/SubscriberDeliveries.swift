import ArgumentParser
import Coding
import Editorial
import Foundation
import Galley

/// `galley subscribers deliveries`: the webhook delivery log of a subscriber's endpoints, and redelivery.
struct SubscriberDeliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Show a subscriber's webhook attempts (newest first), or deliver events again.",
        discussion: """
            Each attempt: when, endpoint, webhook-id, event, story, attempt number, HTTP status (none when no \
            answer came), milliseconds, error, and where the delivery stands. --redeliver sends one event again \
            (by its webhook-id), --redeliver-since every event queued since a time; either keeps the webhook-id, \
            so a receiver that has it already can tell.

            Examples:
              galley subscribers deliveries wire
              galley subscribers deliveries wire --redeliver msg_4211
              galley subscribers deliveries wire --redeliver-since 2026-12-07T09:00:00Z
            """)

    @Argument(help: "The subscriber.")
    var subscriber: String

    @Option(help: ArgumentHelp("Deliver this event again (its webhook-id).", valueName: "WEBHOOK-ID"))
    var redeliver: String?

    @Option(help: ArgumentHelp("Deliver every event queued since this RFC 3339 time again.", valueName: "TIME"))
    var redeliverSince: String?

    @OptionGroup var limit: ListLimit
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let redeliverSince, EditorialCoding.date(from: redeliverSince) == nil {
            throw ValidationError("--redeliver-since takes an RFC 3339 time such as 2026-12-07T09:00:00Z")
        }
        if redeliver != nil && redeliverSince != nil {
            throw ValidationError("give --redeliver or --redeliver-since, not both")
        }
    }

    func run() async throws {
        try await CommandFailure.report {
            try await database.withPool { pool in
                let endpoints = WebhookEndpoints(pool: pool)
                if redeliver != nil || redeliverSince != nil {
                    let count = try await endpoints.redeliver(
                        subscriber: subscriber, message: redeliver,
                        since: redeliverSince.flatMap(EditorialCoding.date(from:)))
                    print("queued \(count) \(count == 1 ? "delivery" : "deliveries") again for \(subscriber)")
                    return
                }
                let attempts = try await endpoints.attempts(subscriber: subscriber, limit: try limit.size())
                output.show(attempts, json: Self.json, text: Self.text)
            }
        }
    }

    static func json(_ attempt: WebhookAttemptRecord) -> JSONValue {
        .object([
            "at": .string(StoryPrinter.time(attempt.at)), "endpoint": .string(attempt.endpoint),
            "webhook_id": .string(attempt.messageID), "type": .string(attempt.type), "story": .string(attempt.story),
            "attempt": .int(Int64(attempt.attempt)), "status": attempt.status.map { .int(Int64($0)) } ?? .null,
            "latency_ms": .int(Int64(attempt.latencyMilliseconds)),
            "error": attempt.error.map(JSONValue.string) ?? .null, "state": .string(attempt.state),
        ])
    }

    static func text(_ attempts: [WebhookAttemptRecord]) -> String {
        Columns.render(
            ["AT", "ENDPOINT", "WEBHOOK-ID", "EVENT", "STORY", "ATTEMPT", "STATUS", "MS", "ERROR", "NOW"],
            attempts.map { attempt in
                [
                    StoryPrinter.time(attempt.at), attempt.endpoint, attempt.messageID, attempt.type, attempt.story,
                    String(attempt.attempt), attempt.status.map(String.init) ?? "-",
                    String(attempt.latencyMilliseconds), attempt.error ?? "", attempt.state,
                ]
            })
    }
}
