import ArgumentParser
import Foundation
import Galley
import GalleyServer
import Logging

/// `galley deliver`: webhook delivery as a process of its own, beside or instead of `galley serve`'s.
struct Deliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver webhooks to subscribers' endpoints until stopped (SIGTERM or SIGINT).",
        discussion: """
            galley serve delivers them too, unless started with --no-webhooks; however many processes run, one \
            follows the log and one sends, and a stand-by takes over when it stops.

            Example:
              galley deliver --public-url https://news.example.org
            """)

    @Option(
        help: ArgumentHelp(
            "The public site's address, for the address of an item too large to send (default: GALLEY_PUBLIC_URL).",
            valueName: "URL"))
    var publicURL: String?

    @OptionGroup var webhooks: WebhookOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.report {
            let base =
                publicURL
                ?? ProcessInfo.processInfo.environment["GALLEY_PUBLIC_URL"].flatMap {
                    $0.isEmpty ? nil : $0
                }
            var logger = Logger(label: "galley")
            logger.logLevel = .info
            var deliverer = WebhookDeliverer(
                configuration: try database.configuration(), settings: webhooks.settings(baseURL: base))
            deliverer.logger = logger
            FileHandle.standardError.write(Data("galley delivering webhooks\n".utf8))
            try await DeliveryProcess.run(deliverer, logger: logger)
        }
    }
}
