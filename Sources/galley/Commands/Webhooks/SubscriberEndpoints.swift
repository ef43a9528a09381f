import ArgumentParser
import Coding
import Foundation
import Galley

/// `galley subscribers endpoint`: where a subscriber's webhooks go.
struct SubscriberEndpoints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint",
        abstract: "Add, list, disable, enable, re-key and remove a subscriber's webhook endpoints.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, RotateSecret.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an endpoint; its signing secret (whsec_...) is printed once.",
            discussion: """
                The URL is http or https, and its host must resolve to public addresses only (loopback, \
                link-local and private ones are refused unless --allow-private). The endpoint hears of events \
                from now on.

                Example:
                  galley subscribers endpoint add wire https://hooks.example.org/galley
                """)

        @Argument(help: "The subscriber.")
        var subscriber: String

        @Argument(help: "The URL webhooks are posted to.")
        var url: String

        @Flag(help: "Allow a loopback, link-local or private address (a receiver on this host, tests).")
        var allowPrivate = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                try await database.withPool { pool in
                    let (endpoint, secret) = try await WebhookEndpoints(pool: pool).add(
                        subscriber: subscriber, url: url, address: WebhookAddress(allowsPrivate: allowPrivate))
                    print(secret)
                    FileHandle.standardError.write(
                        Data(
                            "added endpoint \(endpoint.id) for \(endpoint.subscriber); its secret will not be shown again\n"
                                .utf8))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List endpoints (never their secrets): id, subscriber, URL, state and why it is disabled.",
            discussion:
                "With --json, one object an endpoint (JSON lines).\n\nExamples:\n  galley subscribers endpoint list\n  galley subscribers endpoint list wire"
        )

        @Argument(help: "Only this subscriber's endpoints.")
        var subscriber: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let endpoints = try await database.withPool {
                    try await WebhookEndpoints(pool: $0).list(subscriber: subscriber)
                }
                output.show(
                    endpoints,
                    json: { endpoint in
                        .object([
                            "id": .string(endpoint.id), "subscriber": .string(endpoint.subscriber),
                            "url": .string(endpoint.url), "enabled": .bool(endpoint.enabled),
                            "disabled_reason": endpoint.disabledReason.map(JSONValue.string) ?? .null,
                            "disabled_at": endpoint.disabledAt.map { .string(StoryPrinter.time($0)) } ?? .null,
                            "previous_secret_until": endpoint.previousSecretUntil.map {
                                .string(StoryPrinter.time($0))
                            } ?? .null,
                            "created_at": .string(StoryPrinter.time(endpoint.createdAt)),
                        ])
                    },
                    text: { endpoints in
                        Columns.render(
                            ["ID", "SUBSCRIBER", "URL", "STATE", "WHY"],
                            endpoints.map { endpoint in
                                [
                                    endpoint.id, endpoint.subscriber, endpoint.url,
                                    endpoint.enabled ? "enabled" : "disabled", endpoint.disabledReason ?? "",
                                ]
                            })
                    })
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop sending to an endpoint; nothing is queued for it while it is disabled.",
            discussion: "Example:\n  galley subscribers endpoint disable ep_3f9a0c1d2e4b5a69 --reason moved"
        )

        @Argument(help: "The endpoint's id, as endpoint list shows it.")
        var id: String

        @Option(help: "Why, as endpoint list shows it.")
        var reason = "disabled by an admin"

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let changed = try await database.withPool {
                    try await WebhookEndpoints(pool: $0).disable(id, reason: reason)
                }
                print(changed ? "disabled \(id)" : "\(id) was already disabled; nothing changed")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send to an endpoint again; what waited in its queue goes out.",
            discussion: "Example:\n  galley subscribers endpoint enable ep_3f9a0c1d2e4b5a69")

        @Argument(help: "The endpoint's id, as endpoint list shows it.")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let changed = try await database.withPool { try await WebhookEndpoints(pool: $0).enable(id) }
                print(changed ? "enabled \(id)" : "\(id) was already enabled; nothing changed")
            }
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an endpoint a new signing secret, printed once; the old one signs too for 24 hours.",
            discussion: "Example:\n  galley subscribers endpoint rotate-secret ep_3f9a0c1d2e4b5a69")

        @Argument(help: "The endpoint's id, as endpoint list shows it.")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                let secret = try await database.withPool { try await WebhookEndpoints(pool: $0).rotateSecret(id) }
                print(secret)
                FileHandle.standardError.write(
                    Data("new secret for \(id); both sign for 24 hours; it will not be shown again\n".utf8))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove an endpoint, with its queue and its delivery log.",
            discussion: "Example:\n  galley subscribers endpoint remove ep_3f9a0c1d2e4b5a69")

        @Argument(help: "The endpoint's id, as endpoint list shows it.")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.report {
                try await database.withPool { try await WebhookEndpoints(pool: $0).remove(id) }
                print("removed \(id)")
            }
        }
    }
}
