import ArgumentParser

/// `galley subscribers`: partners who receive published work.
struct Subscribers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage subscribers: their webhook endpoints and deliveries.",
        subcommands: [SubscriberEndpoints.self, SubscriberDeliveries.self])
}
